using NodaTime;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Demo;

/// <summary>
/// What the simulated days did, counted from the results the jobs' services returned (not read back from the
/// database): work orders created by service and by the month of their target date, cancellations, and the
/// dispatcher's rounds. Orders whose target date is after the last simulated day (the rolling horizon creates them
/// ahead) are counted under <see cref="Later"/>.
/// </summary>
internal sealed class DemoTally(LocalDate from, LocalDate to)
{
    /// <summary>The column of orders aimed after the simulated range.</summary>
    public const string Later = "later";

    /// <summary>The column of orders aimed before the simulated range (shown only when there are any).</summary>
    public const string Earlier = "earlier";

    private readonly Dictionary<(string Service, string Column), int> _created = [];
    private readonly HashSet<(string Service, string Asset)> _assets = [];

    /// <summary>First simulated day (inclusive).</summary>
    public LocalDate From { get; } = from;

    /// <summary>Last simulated day (inclusive).</summary>
    public LocalDate To { get; } = to;

    /// <summary>The seed the simulated reports were drawn from.</summary>
    public int Seed { get; init; }

    /// <summary>Days simulated so far.</summary>
    public int Days { get; private set; }

    /// <summary>Orders cancelled by generation during the run.</summary>
    public int Cancelled { get; private set; }

    /// <summary>The dispatcher's rounds added up.</summary>
    public DispatchSummary Dispatch { get; private set; } = DispatchSummary.Empty;

    /// <summary>
    /// The columns in order: <see cref="Earlier"/> when any order is aimed before the range, each month of the range
    /// (<c>yyyy-MM</c>), then <see cref="Later"/>.
    /// </summary>
    public IReadOnlyList<string> Columns =>
        [.. Created(column: Earlier) > 0 ? [Earlier] : Array.Empty<string>(), .. Months().Select(Column), Later];

    /// <summary>The services that have orders, in name order.</summary>
    public IReadOnlyList<string> Services =>
        [.. _created.Keys.Select(k => k.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Time spent in generation (apply and gas booking), in dispatch and in recording reports, over all days.</summary>
    public (TimeSpan Generate, TimeSpan Dispatch, TimeSpan Complete) Time { get; private set; }

    /// <summary>
    /// Time the simulated contractors spent choosing the days' reports (<see cref="CompletionSimulation.ChooseAsync"/>: the
    /// stand-in's own reads, not the product's work), over all days; not in <see cref="Time"/>.
    /// </summary>
    public TimeSpan Contractors { get; private set; }

    /// <summary>The simulated contractors' reports, added up over the days.</summary>
    public CompletionDay Completions { get; } = new();

    /// <summary>How many different assets (homes, blocks, sites) have orders of <paramref name="service"/>.</summary>
    public int Assets(string service) => _assets.Count(a => a.Service == service);

    /// <summary>Orders created for <paramref name="service"/> (null: every service) in <paramref name="column"/> (null: every column).</summary>
    public int Created(string? service = null, string? column = null) =>
        _created.Where(e => (service is null || e.Key.Service == service) && (column is null || e.Key.Column == column)).Sum(e => e.Value);

    /// <summary>Gas appointments booked, homes the booking could not book (summed over the days), homes escalated.</summary>
    public (int Booked, int Unbooked, int Escalated) Gas { get; private set; }

    /// <summary>Counts one day's generation: the apply and the gas booking after it.</summary>
    public void Record(GenerationResult result, GasBookingResult booking, TimeSpan took)
    {
        Record(result);
        Record(booking, took);
    }

    /// <summary>Counts one day's gas booking and the time the day's generation (apply and booking) took.</summary>
    public void Record(GasBookingResult booking, TimeSpan took)
    {
        ArgumentNullException.ThrowIfNull(booking);
        Time = (Time.Generate + took, Time.Dispatch, Time.Complete);
        Gas = (Gas.Booked + booking.Booked.Count, Gas.Unbooked + booking.Unbooked.Count, Gas.Escalated + booking.Escalated.Count);
    }

    /// <summary>Counts one day's apply: orders created by service and month, cancellations.</summary>
    public void Record(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.CreatedReferences.Count != result.Plan.Create.Count)
        {
            throw new InvalidOperationException($"apply created {result.CreatedReferences.Count} orders for {result.Plan.Create.Count} planned creations.");
        }

        foreach (var order in result.Plan.Create)
        {
            var key = (order.Service, ColumnOf(order.TargetDate));
            _created[key] = _created.GetValueOrDefault(key) + 1;
            _assets.Add((order.Service, order.AssetId));
        }

        Cancelled += result.CancelCount;
    }

    /// <summary>Counts one day's dispatch and the day itself.</summary>
    public void Record(DispatchSummary dispatch, TimeSpan took)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        Time = (Time.Generate, Time.Dispatch + took, Time.Complete);
        Dispatch = Dispatch.Add(dispatch);
        Days++;
    }

    /// <summary>Counts one day's reports.</summary>
    public void Record(CompletionDay reported, TimeSpan took)
    {
        ArgumentNullException.ThrowIfNull(reported);
        Time = (Time.Generate, Time.Dispatch, Time.Complete + took);
        Completions.Add(reported);
    }

    /// <summary>Counts the time the simulated contractors took to choose one day's reports.</summary>
    public void RecordContractors(TimeSpan took) => Contractors += took;

    /// <summary>The column a target date is counted in.</summary>
    public string ColumnOf(LocalDate target) =>
        target > To ? Later : target < From ? Earlier : Column(new YearMonth(target.Year, target.Month));

    private static string Column(YearMonth month) => month.ToString("uuuu-MM", System.Globalization.CultureInfo.InvariantCulture);

    private IEnumerable<YearMonth> Months()
    {
        for (var month = new YearMonth(From.Year, From.Month); month <= new YearMonth(To.Year, To.Month); month = month.PlusMonths(1))
        {
            yield return month;
        }
    }
}
