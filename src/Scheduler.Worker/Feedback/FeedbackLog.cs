using Microsoft.Extensions.Logging;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// The feedback endpoints' log events (source-generated). They carry references, contractor ids, API key ids and
/// outcomes only: never a token, a key, a note or an address. Event ids 4200–4299 belong to feedback.
/// </summary>
internal static partial class FeedbackLog
{
    [LoggerMessage(4200, LogLevel.Information, "Feedback {Status} for {WorkOrderRef} from {ContractorId} via {Source}: {Outcome} on {On}")]
    public static partial void Reported(this ILogger logger, string status, string workOrderRef, string contractorId, string source, string outcome, string on);

    [LoggerMessage(4201, LogLevel.Warning, "Feedback refused for {WorkOrderRef} from {ContractorId} via {Source}: {Refusal}")]
    public static partial void Refused(this ILogger logger, string workOrderRef, string contractorId, string source, string refusal);

    [LoggerMessage(4202, LogLevel.Warning, "Feedback link refused: {TokenStatus}")]
    public static partial void LinkRefused(this ILogger logger, string tokenStatus);

    [LoggerMessage(4203, LogLevel.Warning, "Feedback link for {WorkOrderRef} names contractor {TokenContractorId}, but the order is {OrderContractorId}'s")]
    public static partial void LinkWrongContractor(this ILogger logger, string workOrderRef, string tokenContractorId, string? orderContractorId);

    [LoggerMessage(4204, LogLevel.Warning, "Feedback API refused a request without a valid API key (key id {KeyId})")]
    public static partial void ApiKeyRefused(this ILogger logger, string keyId);

    [LoggerMessage(4205, LogLevel.Warning, "Feedback API refused a bad request from {ContractorId}: {Reason}")]
    public static partial void BadRequest(this ILogger logger, string contractorId, string reason);

    [LoggerMessage(4206, LogLevel.Warning, "Feedback rate limit reached on {Endpoint}")]
    public static partial void RateLimited(this ILogger logger, string endpoint);

    [LoggerMessage(4207, LogLevel.Warning, "Feedback page refused a body larger than any form it sends, unread, for {WorkOrderRef} from {ContractorId}: too-large")]
    public static partial void PageTooLarge(this ILogger logger, string workOrderRef, string contractorId);
}
