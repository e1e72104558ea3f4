using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// A claimed outbox row made ready to send (<see cref="Message"/> and the orders it carries), or the reason it will
/// not be sent (<see cref="Failure"/>: dead or superseded, with <see cref="Error"/>).
/// </summary>
internal sealed record ComposedMessage(ClaimedMessage Claimed, OutgoingMessage? Message, IReadOnlyList<long> OrderIds, OutboxResult? Failure, string? Error)
{
    public static ComposedMessage Ready(ClaimedMessage claimed, OutgoingMessage message, IReadOnlyList<long> orderIds) =>
        new(claimed, message, orderIds, null, null);

    public static ComposedMessage Dead(ClaimedMessage claimed, string error) => new(claimed, null, [], OutboxResult.Dead, error);

    public static ComposedMessage Superseded(ClaimedMessage claimed, string reason) => new(claimed, null, [], OutboxResult.Superseded, reason);
}
