namespace Scheduler.Worker.Outbox;

/// <summary>What a dispatch round did.</summary>
/// <param name="Claimed">Messages claimed.</param>
/// <param name="Sent">Accepted by the server (or written to the pickup folder).</param>
/// <param name="Retried">Put back with a later attempt time (4xx, broken connection, not tried).</param>
/// <param name="Dead">Parked as dead (5xx, out of attempts, template error, unknown contractor).</param>
/// <param name="Superseded">Not sent because their orders were cancelled first.</param>
/// <param name="Enqueued">Messages written for weekly contractors this round (programmes and late orders).</param>
/// <param name="LettersWaiting">
/// Of <paramref name="Retried"/>, the letters to post put back untried (no attempt counted) because the letter batch
/// folder cannot be written (<see cref="OutboxDispatcher.LetterOutage"/>), due again when its pause ends.
/// </param>
public sealed record DispatchSummary(int Claimed, int Sent, int Retried, int Dead, int Superseded, int Enqueued, int LettersWaiting = 0)
{
    /// <summary>Nothing happened.</summary>
    public static DispatchSummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The sum of two rounds.</summary>
    public DispatchSummary Add(DispatchSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Claimed + other.Claimed, Sent + other.Sent, Retried + other.Retried, Dead + other.Dead, Superseded + other.Superseded, Enqueued + other.Enqueued, LettersWaiting + other.LettersWaiting);
    }
}
