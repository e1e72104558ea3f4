using NodaTime;

namespace Scheduler.Domain.Configuration;

/// <summary>A contractor, the services it performs and the areas it covers.</summary>
public sealed record Contractor(
    string Id,
    string Name,
    string Email,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Areas,
    DispatchMode Dispatch)
{
    /// <summary>For weekly dispatch, the weekday the programme for the following week is sent (default Thursday).</summary>
    public IsoDayOfWeek ProgrammeDay { get; init; } = IsoDayOfWeek.Thursday;

    /// <summary>
    /// The default of <see cref="ProgrammeMaxOrders"/>: 2,000 orders, about 6 MB as sent with feedback links (~3 kB an
    /// order, two thirds of it the <c>.ics</c>, carried twice), well under the smallest common receiving limit, Postfix's
    /// default <c>message_size_limit</c> of 10,240,000 bytes, with room for longer addresses and follow-ups.
    /// </summary>
    public const int DefaultProgrammeMaxOrders = 2_000;

    /// <summary>
    /// For weekly dispatch, the most orders one programme email carries (config <c>programmeMaxOrders</c>, default
    /// <see cref="DefaultProgrammeMaxOrders"/>): a week with more is sent in parts of at most this many, each a whole
    /// email with its own <c>.ics</c> and <c>.csv</c>, so no programme is too big for the contractor's mail server.
    /// </summary>
    public int ProgrammeMaxOrders { get; init; } = DefaultProgrammeMaxOrders;

    /// <summary>
    /// For per-order dispatch, how long before a planned order's window starts its notice is issued (config
    /// <c>issueAhead: 4 weeks</c>; days or weeks only): the notice goes at 00:00 (the organisation's zone) of the window's first day
    /// less this period, or at once when that moment has passed. Null: every notice goes at once, when the order is made.
    /// </summary>
    public Period? IssueAhead { get; init; }

    /// <summary>Where the contractor was written in config.</summary>
    public SourceLocation Origin { get; init; }

    /// <summary>True when the contractor performs <paramref name="service"/> in <paramref name="areaId"/>.</summary>
    public bool Serves(string service, string areaId) =>
        Services.Contains(service, StringComparer.Ordinal) && Areas.Contains(areaId, StringComparer.Ordinal);

    /// <summary>Its id, trade name and dispatch: never the email address (logs carry ids).</summary>
    public override string ToString() =>
        $"Contractor {{ Id = {Id}, Name = {Name}, Email = (withheld), Services = [{string.Join(", ", Services)}], Areas = [{string.Join(", ", Areas)}], Dispatch = {Dispatch}, "
        + $"ProgrammeDay = {ProgrammeDay}, ProgrammeMaxOrders = {ProgrammeMaxOrders}, IssueAhead = {IssueAhead}, Origin = {Origin} }}";
}
