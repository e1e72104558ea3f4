using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Completions;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// Contractor feedback over HTTP, on the worker's Kestrel: the page behind the signed links
/// (<c>GET</c>/<c>POST /feedback/{token}</c>) and the JSON API (<c>POST /api/v1/feedback</c>), both rate limited.
/// Register with <see cref="AddEstateFeedback"/>, map with <see cref="MapFeedback"/> (docs/feedback.md).
/// </summary>
internal static class FeedbackEndpoints
{
    /// <summary>The API's path.</summary>
    public const string ApiPath = "/api/v1/feedback";

    private const string LoggerName = "Scheduler.Worker.Feedback";

    /// <summary>
    /// Registers what the endpoints need from the <c>Feedback</c> section of <paramref name="configuration"/> (key, base
    /// address, limits) and the rate limiter. Expects the data source, the clock and the live configuration to be registered.
    /// </summary>
    /// <exception cref="Cli.UsageException">A <c>Feedback</c> setting is not valid, e.g. <c>Feedback:SigningKey</c> set but unusable (the CLI prints one line).</exception>
    public static IServiceCollection AddEstateFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Read as 'run' checks it at start (Hosting.Settings.WorkerSettings.ReadFeedback): a value that does not convert is
        // a listed problem, never a binder exception; here one clear line and a non-zero exit, not a stack trace (the
        // problems never show the key).
        var problems = new List<string>();
        var (options, links) = Hosting.Settings.WorkerSettings.ReadFeedback(configuration, problems);
        if (links is null)
        {
            throw new Cli.UsageException(string.Join("; ", problems));
        }

        services.AddSingleton(options);
        services.AddSingleton(links);
        services.AddSingleton<FeedbackServices>();
        services.AddFeedbackRateLimits(options);
        return services;
    }

    /// <summary>Adds the rate limiter and maps the page and the API.</summary>
    public static WebApplication MapFeedback(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        app.MapGet(FeedbackLinks.PathPrefix + "{token}", (HttpContext context, string token) => PageAsync(context, token, post: false));
        app.MapPost(FeedbackLinks.PathPrefix + "{token}", (HttpContext context, string token) => PageAsync(context, token, post: true));
        app.MapPost(ApiPath, (HttpContext context) =>
            FeedbackApi.HandleAsync(context, context.RequestServices.GetRequiredService<FeedbackServices>(), Logger(context)));
        return app;
    }

    internal static void Log(ILogger logger, CompletionResult result, CompletionReport report)
    {
        var contractor = report.ContractorId ?? result.Completion?.ContractorId ?? "(landlord)";
        if (result.IsAccepted)
        {
            logger.Reported(result.Status == CompletionStatus.Recorded ? "recorded" : "already recorded", result.Reference, contractor, report.Source,
                report.Outcome.ToText(), report.On.ToString("uuuu-MM-dd", null));
        }
        else
        {
            logger.Refused(result.Reference, contractor, report.Source, FeedbackProblems.CodeOf(result.Refusal));
        }
    }

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);

    private static async Task PageAsync(HttpContext context, string token, bool post)
    {
        var services = context.RequestServices.GetRequiredService<FeedbackServices>();
        var logger = Logger(context);
        var ct = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-store";
        if (!services.Links.IsEnabled)
        {
            await HtmlAsync(context, StatusCodes.Status503ServiceUnavailable, FeedbackPage.Message("Feedback links are off", "Feedback links are not set up here; please reply to the work-order email instead.")).ConfigureAwait(false);
            return;
        }

        var now = services.Clock.GetCurrentInstant();
        var verified = services.Links.Verify(token, now);
        if (!verified.IsValid)
        {
            logger.LinkRefused(verified.Status.ToString());
            var status = verified.Status switch
            {
                FeedbackTokenStatus.Expired => StatusCodes.Status410Gone,
                FeedbackTokenStatus.BadSignature => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status400BadRequest,
            };
            await HtmlAsync(context, status, FeedbackPage.Message("This link does not work", verified.Reason + " Please reply to the work-order email instead.")).ConfigureAwait(false);
            return;
        }

        var reference = verified.WorkOrderRef!;
        var contractor = verified.ContractorId!;
        var order = await FeedbackOrder.FindAsync(services.DataSource, reference, ct).ConfigureAwait(false);
        if (order is null)
        {
            await HtmlAsync(context, StatusCodes.Status404NotFound, FeedbackPage.Message("Unknown work order", $"There is no work order {reference}.")).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(order.ContractorId, contractor, StringComparison.Ordinal))
        {
            logger.LinkWrongContractor(reference, contractor, order.ContractorId);
            await HtmlAsync(context, StatusCodes.Status403Forbidden, FeedbackPage.Message("Not your work order", $"Work order {reference} is no longer one of {contractor}'s orders.")).ConfigureAwait(false);
            return;
        }

        var config = context.RequestServices.GetRequiredService<LiveConfiguration>().Configuration;
        var serviceName = config.FindService(order.Service)?.Name ?? order.Service;
        var today = now.InZone(config.Organisation.Zone).Date;
        if (!post)
        {
            await HtmlAsync(context, StatusCodes.Status200OK, FeedbackPage.Form(order, serviceName, today, new FeedbackFormValues(context.Request.Query["outcome"].ToString()))).ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            await HtmlAsync(context, StatusCodes.Status415UnsupportedMediaType, FeedbackPage.Form(order, serviceName, today, FeedbackFormValues.None, "Please send the form from this page.")).ConfigureAwait(false);
            return;
        }

        // The page's own limit, sized from its form (every form it produces fits); Feedback:MaxBodyBytes is the API's.
        var body = await FeedbackBody.ReadAsync(context.Request, FeedbackFormSize.MaxBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            logger.PageTooLarge(reference, contractor);
            await HtmlAsync(context, StatusCodes.Status413PayloadTooLarge, FeedbackPage.TooLarge(order, serviceName)).ConfigureAwait(false);
            return;
        }

        // What was sent comes back in the form on a refusal (the contractor's own text, encoded; never logged).
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var sent = new FeedbackFormValues(form["outcome"].ToString(), form["date"].ToString(), form["category"].ToString(), form["note"].ToString());
        var outcome = VisitOutcomes.Parse(sent.Outcome);
        var date = LocalDatePattern.Iso.Parse(sent.Date!);
        if (outcome is null || !date.Success)
        {
            await HtmlAsync(context, StatusCodes.Status400BadRequest, FeedbackPage.Form(order, serviceName, today, sent,
                outcome is null ? "Please choose what happened." : "Please give the date of the visit.",
                outcome is null ? FeedbackField.Outcome : FeedbackField.Date)).ConfigureAwait(false);
            return;
        }

        var category = sent.Category!.Trim();
        var note = sent.Note!;
        var report = new CompletionReport(reference, contractor, outcome.Value, date.Value, CompletionSources.Link,
            category.Length == 0 ? null : category, note.Length == 0 ? null : note);
        var result = await services.Recorder().RecordAsync(report, ct).ConfigureAwait(false);
        Log(logger, result, report);
        if (result.IsAccepted)
        {
            // The order as the report left it: when its page now offers the defect-only form for this visit, the answer
            // says a defect found later can still be reported on this link (docs/feedback.md).
            var after = await FeedbackOrder.FindAsync(services.DataSource, reference, ct).ConfigureAwait(false);
            var defectVisit = after?.DefectVisit == report.On ? report.On : (LocalDate?)null;
            var lastDay = verified.Expires?.InZone(config.Organisation.Zone).Date.PlusDays(-1);
            await HtmlAsync(context, StatusCodes.Status200OK, FeedbackPage.Thanks(result.Message, defectVisit, outcome == VisitOutcome.Defect, lastDay)).ConfigureAwait(false);
            return;
        }

        // No repair contractor: the recorder's message tells landlord staff what to change; the contractor gets the page's.
        var message = result.Refusal == CompletionRefusal.NoRepairContractor
            ? FeedbackPage.NoRepairContractor(config.Organisation, report.DefectCategory, visitRecorded: order.DefectVisit is not null)
            : result.Message;
        await HtmlAsync(context, FeedbackProblems.StatusOf(result.Refusal),
            FeedbackPage.Form(order, serviceName, today, sent with { Outcome = outcome.Value.ToText() }, message, FieldOf(result.Refusal, report))).ConfigureAwait(false);
    }

    // The field a refusal is about, so the page shows the reason beside it; the order's refusals (already reported,
    // cancelled) are about no one field. The page sends a known source and outcome, so its only bad input is a long note.
    private static FeedbackField FieldOf(CompletionRefusal refusal, CompletionReport report) => refusal switch
    {
        CompletionRefusal.DateInFuture or CompletionRefusal.BeforeWindow => FeedbackField.Date,
        CompletionRefusal.BadCategory or CompletionRefusal.NoRepairContractor => FeedbackField.Category,
        CompletionRefusal.BadInput when CompletionNote.IsTooLong(report.Note) => FeedbackField.Note,
        _ => FeedbackField.None,
    };

    private static Task HtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
