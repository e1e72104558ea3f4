using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using NodaTime.Text;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// <c>POST /api/v1/feedback</c>: a contractor's own system reports a visit with its API key
/// (<c>Authorization: Bearer esk_…</c>). JSON in (<see cref="FeedbackApiRequest"/>), JSON out: 201 recorded, 200 already
/// recorded, problem details for everything else (401 no valid key, 413 body too large, 415 not JSON, 400 malformed or
/// unknown members, then the recorder's refusals). The key may report only on its contractor's orders.
/// </summary>
internal static class FeedbackApi
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = false };

    /// <summary>The key the request presents (<c>Authorization: Bearer …</c>), or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    public static async Task HandleAsync(HttpContext context, FeedbackServices services, ILogger logger)
    {
        var ct = context.RequestAborted;
        var presented = PresentedKey(context.Request);
        var key = await services.ApiKeys.AuthenticateAsync(presented, ct).ConfigureAwait(false);
        if (key is null)
        {
            logger.ApiKeyRefused(ApiKeyHasher.TryGetKeyId(presented, out var id) ? id : "(none)");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await FeedbackProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Not authorised",
                "Give a valid, unrevoked API key as 'Authorization: Bearer <key>'.", "bad-key", ct).ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, logger, key.ContractorId, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "The body must be JSON, sent with 'Content-Type: application/json'.", "not-json").ConfigureAwait(false);
            return;
        }

        var body = await FeedbackBody.ReadAsync(context.Request, services.Options.MaxBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, logger, key.ContractorId, StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"The body may be at most {services.Options.MaxBodyBytes} bytes.", "too-large").ConfigureAwait(false);
            return;
        }

        FeedbackApiRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<FeedbackApiRequest>(body, Json);
        }
        catch (JsonException e)
        {
            // The serializer's message names the member or position, never a value; it is safe to return.
            await RefuseAsync(context, logger, key.ContractorId, StatusCodes.Status400BadRequest, "Malformed JSON",
                $"The body is not a feedback object: {e.Message}", "malformed").ConfigureAwait(false);
            return;
        }

        if (Validate(request) is { } problem)
        {
            await RefuseAsync(context, logger, key.ContractorId, StatusCodes.Status400BadRequest, "Bad request", problem, "malformed").ConfigureAwait(false);
            return;
        }

        var report = new CompletionReport(
            request!.Reference!, key.ContractorId, VisitOutcomes.Parse(request.Outcome)!.Value, LocalDatePattern.Iso.Parse(request.Date!).Value,
            CompletionSources.Api, string.IsNullOrWhiteSpace(request.Category) ? null : request.Category.Trim(), request.Note);
        var result = await services.Recorder().RecordAsync(report, ct).ConfigureAwait(false);
        FeedbackEndpoints.Log(logger, result, report);
        if (!result.IsAccepted)
        {
            await FeedbackProblems.WriteAsync(context, FeedbackProblems.StatusOf(result.Refusal), "Feedback refused", result.Message,
                FeedbackProblems.CodeOf(result.Refusal), ct).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = result.Status == CompletionStatus.Recorded ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = result.Status == CompletionStatus.Recorded ? "recorded" : "already-recorded",
            reference = result.Reference,
            message = result.Message,
            created = result.CreatedReferences,
        }), ct).ConfigureAwait(false);
    }

    private static string? Validate(FeedbackApiRequest? request)
    {
        if (request is null)
        {
            return "The body must be a JSON object.";
        }

        var missing = new[] { ("reference", request.Reference), ("date", request.Date), ("outcome", request.Outcome) }
            .Where(m => string.IsNullOrWhiteSpace(m.Item2)).Select(m => m.Item1).ToList();
        if (missing.Count > 0)
        {
            return $"Missing: {string.Join(", ", missing)}.";
        }

        if (!LocalDatePattern.Iso.Parse(request.Date!).Success)
        {
            return "'date' must be a date as yyyy-MM-dd, e.g. 2027-03-04.";
        }

        return VisitOutcomes.Parse(request.Outcome) is null ? $"'outcome' must be {VisitOutcomes.Accepted}." : null;
    }

    private static Task RefuseAsync(HttpContext context, ILogger logger, string contractorId, int status, string title, string detail, string code)
    {
        logger.BadRequest(contractorId, code);
        return FeedbackProblems.WriteAsync(context, status, title, detail, code, context.RequestAborted);
    }
}
