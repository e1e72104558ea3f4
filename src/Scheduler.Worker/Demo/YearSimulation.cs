using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Npgsql;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Demo;

/// <summary>
/// Runs the worker's jobs day by day over a date range on a <see cref="SimulatedClock"/>: each day, at
/// <see cref="GenerateAt"/>, what the generate job runs (<see cref="WorkOrderGeneration.GenerateAsync"/> for that day, then
/// <see cref="GasAppointmentBooking.BookAsync"/>: gas appointments and their tenant letters),
/// then at <see cref="DispatchAt"/> what the dispatcher runs (<see cref="OutboxDispatcher.DispatchDueAsync(int, CancellationToken)"/>: weekly
/// programmes on their day, one email per order for per-order contractors, cancellations), with the mail transport the
/// settings choose (the demo's pickup folder), then at <see cref="CompleteAt"/> contractors report back
/// (<see cref="CompletionSimulation"/>: the day's visits and the repairs due, through the real recorder and its effects).
/// </summary>
internal sealed class YearSimulation
{
    /// <summary>The time of day generation runs (as the nightly trigger's default, 02:30 London).</summary>
    public static readonly LocalTime GenerateAt = new(2, 30);

    /// <summary>The time of day the day's mail is dispatched.</summary>
    public static readonly LocalTime DispatchAt = new(7, 0);

    /// <summary>The time of day contractors' reports of the day are recorded.</summary>
    public static readonly LocalTime CompleteAt = new(20, 0);

    /// <summary>The seed of the simulated reports when none is given.</summary>
    public const int DefaultSeed = 2027;

    /// <summary>Messages claimed per dispatch round.</summary>
    public const int DispatchBatch = 500;

    private readonly WorkOrderGeneration _generation;
    private readonly GasAppointmentBooking _booking;
    private readonly OutboxDispatcher _dispatcher;
    private readonly CompletionSimulation _completions;
    private readonly SimulatedClock _clock;
    private readonly DateTimeZone _zone;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string? _digestEmail;

    /// <summary>
    /// Makes the simulation; <paramref name="clock"/> is the one the services were built to read. <paramref name="reportUploads"/>:
    /// how many uploads record a day's reports side by side, split by contractor (<see cref="CompletionSimulation.Uploads"/>;
    /// 1, the demo: one upload).
    /// </summary>
    public YearSimulation(
        NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, TemplateRenderer renderer, MailSettings mail, SimulatedClock clock,
        int seed = DefaultSeed, int reportUploads = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _zone = config.Organisation.Zone;
        _dataSource = dataSource;
        _digestEmail = config.Organisation.DigestEmail;
        _generation = new WorkOrderGeneration(dataSource, config, calendar, clock, RegisterCache);
        _booking = new GasAppointmentBooking(dataSource, config, calendar, clock);
        _completions = new CompletionSimulation(dataSource, config, calendar, clock, seed) { Uploads = reportUploads };

        // Seeded: the same run backs off (if the folder ever refuses a file) the same way every time.
        _dispatcher = new OutboxDispatcher(dataSource, config, renderer, mail, clock, RetryPolicy.Default(new Random(2027)), DispatchOptions.Default, workingDays: calendar);
    }

    /// <summary>
    /// The manager digest's sections (the worker's <see cref="IDigestSection"/>s), for a simulation that writes the daily
    /// digest as the worker's digest job does: each day at <see cref="DispatchAt"/>, after the dispatch (then sent), when
    /// <c>organisation.digestEmail</c> is set (<see cref="ManagerDigest.WriteAsync"/>; a section that fails stops the
    /// simulation). Null (the benchmarks): no digest.
    /// </summary>
    public IReadOnlyList<IDigestSection>? DigestSections { get; init; }

    /// <summary>
    /// True (the demo): the engineer leaves the tenant's copy of each gas safety record at the visit, and the office records
    /// it that evening through the <c>tenant-copy</c> command's route (<see cref="GasTenantCopies.RecordSentAsync"/>), so the
    /// digest lists only copies someone forgot. False (the benchmarks): nobody records them.
    /// </summary>
    public bool RecordTenantCopies { get; init; }

    /// <summary>
    /// True (the demo): the office rings the tenant of every gas visit booked at short notice still to come that day and
    /// records the call that evening through the <c>tenant-rung</c> command's route (<see cref="GasShortNotice.RecordRungAsync"/>),
    /// so the manager digest lists such a visit the morning after it was booked, not every morning until its day. False
    /// (the benchmarks): nobody rings.
    /// </summary>
    public bool RingShortNoticeTenants { get; init; }

    /// <summary>The register the days' generation keeps between nights, as the worker's does (<see cref="PlanningRegisterCache"/>).</summary>
    public PlanningRegisterCache RegisterCache { get; } = new();

    /// <summary>
    /// Called as each step of a day starts (<c>generate</c>: the apply, <c>book</c>: the gas booking after it,
    /// <c>dispatch</c>, <c>contractors</c>: the simulated contractors choosing the day's reports, not the product's work,
    /// <c>complete</c>: the product recording them) and once at the end of the day (<c>done</c>), with the day: for a benchmark's
    /// per-step figures (memory, time); null for none.
    /// </summary>
    public Action<LocalDate, string>? OnStep { get; init; }

    /// <summary>
    /// Called after each day's generation with its result (whether it compared incrementally, its counts and timings):
    /// for a benchmark's figures; null for none. The result is garbage once this returns.
    /// </summary>
    public Action<LocalDate, GenerationResult>? OnGenerated { get; init; }

    /// <summary>
    /// Simulates every day from <paramref name="from"/> to <paramref name="to"/> (inclusive) and returns what they did;
    /// <paramref name="progress"/> gets a line at the end of each month.
    /// </summary>
    /// <exception cref="CoverageException">Config and the register leave a schedule's area with no contractor or two.</exception>
    public async Task<DemoTally> RunAsync(LocalDate from, LocalDate to, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var tally = new DemoTally(from, to) { Seed = _completions.Seed };
        var (created, sent, reports) = (0, 0, 0);
        for (var day = from; day <= to; day = day.PlusDays(1))
        {
            _clock.Now = day.At(GenerateAt).InZoneLeniently(_zone).ToInstant();
            OnStep?.Invoke(day, "generate");
            await GenerateAsync(day, tally, cancellationToken).ConfigureAwait(false);

            _clock.Now = day.At(DispatchAt).InZoneLeniently(_zone).ToInstant();
            OnStep?.Invoke(day, "dispatch");
            var watch = Stopwatch.StartNew();
            var dispatched = await _dispatcher.DispatchDueAsync(DispatchBatch, cancellationToken).ConfigureAwait(false);
            var dispatchTook = watch.Elapsed;
            if (DigestSections is { } sections && !string.IsNullOrWhiteSpace(_digestEmail))
            {
                // The manager digest job's daily step (its trigger's default is 07:00, the dispatch's time), after the
                // dispatch: the worker dispatches every minute, so what was released overnight has gone before the digest
                // looks at the outbox. The digest then goes out at once, as the worker's next minute would send it.
                OnStep?.Invoke(day, "digest");
                watch.Restart();
                await ManagerDigest.WriteAsync(
                    sections, day, _dataSource, _clock.Now, (section, e) => throw new InvalidOperationException($"The digest's {section.GetType().Name} failed on {day:uuuu-MM-dd}.", e), cancellationToken).ConfigureAwait(false);
                dispatched = dispatched.Add(await _dispatcher.DispatchDueAsync(DispatchBatch, cancellationToken).ConfigureAwait(false));
                dispatchTook += watch.Elapsed;
            }

            // The simulated contractors choose the day's reports (the stand-in's reads, a step of its own), then the
            // product records them.
            _clock.Now = day.At(CompleteAt).InZoneLeniently(_zone).ToInstant();
            OnStep?.Invoke(day, "contractors");
            watch.Restart();
            var chosen = await _completions.ChooseAsync(day, cancellationToken).ConfigureAwait(false);
            tally.RecordContractors(watch.Elapsed);
            OnStep?.Invoke(day, "complete");
            watch.Restart();
            var reported = await _completions.RecordAsync(chosen, cancellationToken).ConfigureAwait(false);
            tally.Record(reported, watch.Elapsed);
            if (RecordTenantCopies)
            {
                await RecordTenantCopiesAsync(day, cancellationToken).ConfigureAwait(false);
            }

            if (RingShortNoticeTenants)
            {
                foreach (var visit in await GasShortNotice.UpcomingAsync(_dataSource, day, cancellationToken).ConfigureAwait(false))
                {
                    await GasShortNotice.RecordRungAsync(_dataSource, visit.Reference, day, _zone, cancellationToken).ConfigureAwait(false);
                }
            }

            tally.Record(dispatched, dispatchTook);
            OnStep?.Invoke(day, "done");

            if (day.PlusDays(1).Day == 1 || day == to)
            {
                var createdNow = tally.Created() - created;
                var sentNow = tally.Dispatch.Sent - sent;
                var reportsNow = tally.Completions.Reports - reports;
                (created, sent, reports) = (tally.Created(), tally.Dispatch.Sent, tally.Completions.Reports);
                await progress.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {day:uuuu-MM}: {createdNow,5} work orders created, {sentNow,4} emails written, {reportsNow,5} visits reported")).ConfigureAwait(false);
            }
        }

        return tally;
    }

    /// <summary>Records the tenant's copy of every gas safety check made on <paramref name="day"/> as given that day.</summary>
    private async Task RecordTenantCopiesAsync(LocalDate day, CancellationToken cancellationToken)
    {
        var outstanding = await GasTenantCopies.OutstandingAsync(_dataSource, day, GasSafetyRecord.TenantCopyDays, cancellationToken).ConfigureAwait(false);
        foreach (var copy in outstanding.Where(c => c.CompletedOn == day))
        {
            await GasTenantCopies.RecordSentAsync(_dataSource, copy.Reference, day, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The day's generation, counted into <paramref name="tally"/>. Methods of their own so that the apply's result (its
    /// plan holds every stored order: 835,000 at 300,000 homes) is garbage before the booking starts (and returned to the
    /// system by <see cref="AfterApply.ReturnMemoryAsync"/>, as the generate job does), and the booking's (every
    /// appointment of the first night) before the day's dispatch.
    /// </summary>
    private async Task GenerateAsync(LocalDate day, DemoTally tally, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var fullDueOn = await ApplyAsync(day, tally, cancellationToken).ConfigureAwait(false);
        await AfterApply.ReturnMemoryAsync(fullCompareNext: fullDueOn <= day.PlusDays(1)).ConfigureAwait(false);
        OnStep?.Invoke(day, "book");
        var booking = await _booking.BookAsync(day, cancellationToken).ConfigureAwait(false);
        tally.Record(booking, watch.Elapsed);
    }

    /// <summary>
    /// The day's apply, counted; its result is garbage before the booking starts. Returns the day the nightly generation
    /// compares in full at the latest (<see cref="GenerationResult.FullDueOn"/>).
    /// </summary>
    private async Task<LocalDate?> ApplyAsync(LocalDate day, DemoTally tally, CancellationToken cancellationToken)
    {
        var result = await _generation.GenerateAsync(day, cancellationToken).ConfigureAwait(false);
        tally.Record(result);
        OnGenerated?.Invoke(day, result);
        return result.FullDueOn;
    }
}
