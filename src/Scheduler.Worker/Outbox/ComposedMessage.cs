using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// A claimed outbox row made ready to send (<see cref="Message"/> and the orders it carries), or a tenant letter ready
/// for the day's printed batch (<see cref="Letter"/>), or the reason it will not be sent (<see cref="Failure"/>: dead or
/// superseded, with <see cref="Error"/>).
/// </summary>
internal sealed record ComposedMessage(ClaimedMessage Claimed, OutgoingMessage? Message, IReadOnlyList<long> OrderIds, OutboxResult? Failure, string? Error)
{
    /// <summary>A letter to print and post instead of an email; null otherwise.</summary>
    public PrintedLetter? Letter { get; init; }

    public static ComposedMessage Print(ClaimedMessage claimed, PrintedLetter letter) => new(claimed, null, [], null, null) { Letter = letter };

    public static ComposedMessage Ready(ClaimedMessage claimed, OutgoingMessage message, IReadOnlyList<long> orderIds) =>
        new(claimed, message, orderIds, null, null);

    public static ComposedMessage Dead(ClaimedMessage claimed, string error) => new(claimed, null, [], OutboxResult.Dead, error);

    /// <summary>
    /// A template that failed: dead for an error in the template (it would fail again), tried again later under the
    /// retry policy when the render only ran out of time (<see cref="TemplateException.TimedOut"/>: a busy machine),
    /// with <paramref name="error"/> recorded either way.
    /// </summary>
    public static ComposedMessage TemplateFailed(ClaimedMessage claimed, TemplateException exception, string error) =>
        new(claimed, null, [], exception.TimedOut ? OutboxResult.Retry : OutboxResult.Dead, error);

    public static ComposedMessage Superseded(ClaimedMessage claimed, string reason) => new(claimed, null, [], OutboxResult.Superseded, reason);
}
