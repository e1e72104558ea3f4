namespace Scheduler.Worker.Email;

/// <summary>The result for one message of a batch.</summary>
/// <param name="MessageId">The message's Message-Id (without angle brackets).</param>
/// <param name="Outcome">Sent, Transient, Permanent or NotAttempted.</param>
/// <param name="StatusCode">The SMTP reply code when the server gave one (e.g. 550, 451); null otherwise.</param>
/// <param name="Detail">The server's reply text, or what went wrong (never the message's addresses or body).</param>
public sealed record SendResult(string MessageId, SendOutcome Outcome, int? StatusCode, string Detail);
