using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// RFC 9457 problem details (<c>application/problem+json</c>) for the API and the rate limiter: <c>type</c>,
/// <c>title</c>, <c>status</c>, <c>detail</c> (the reason in words) and <c>refusal</c> (a stable code).
/// </summary>
internal static class FeedbackProblems
{
    /// <summary>The HTTP status of a refusal.</summary>
    public static int StatusOf(CompletionRefusal refusal) => refusal switch
    {
        CompletionRefusal.UnknownOrder => StatusCodes.Status404NotFound,
        CompletionRefusal.WrongContractor => StatusCodes.Status403Forbidden,
        CompletionRefusal.Cancelled or CompletionRefusal.AlreadyReported or CompletionRefusal.NoRepairContractor => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The stable code of a refusal, e.g. <c>unknown-order</c>.</summary>
    public static string CodeOf(CompletionRefusal refusal) => refusal switch
    {
        CompletionRefusal.UnknownOrder => "unknown-order",
        CompletionRefusal.WrongContractor => "wrong-contractor",
        CompletionRefusal.Cancelled => "cancelled",
        CompletionRefusal.AlreadyReported => "already-reported",
        CompletionRefusal.DateInFuture => "date-in-future",
        CompletionRefusal.BeforeWindow => "before-window",
        CompletionRefusal.BadCategory => "bad-category",
        CompletionRefusal.NoRepairContractor => "no-repair-contractor",
        _ => "bad-input",
    };

    /// <summary>Writes a problem response.</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        var body = new Dictionary<string, object>
        {
            ["type"] = $"https://estate-scheduler.example/problems/{code}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["refusal"] = code,
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), cancellationToken);
    }
}
