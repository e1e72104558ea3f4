using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Planning;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Bulk;
using Scheduler.Persistence.Register;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Rolling-horizon generation against the database: reads the active register and the stored orders, expands the
/// configured calendars over <c>asOf .. asOf + horizon</c>, compares them (<see cref="Planner"/>) and — for
/// <see cref="ApplyAsync"/> — writes the plan, all in one transaction. Applies are serialised by a transaction-level
/// advisory lock taken before anything is read, so any number of processes can apply at once: the later ones see
/// the earlier ones' orders and create nothing twice. The unique live occurrence key backs this up.
/// Both refuse with a <see cref="CoverageException"/>, writing nothing, when config and the register in the database
/// leave a schedule's area with no contractor or two (<see cref="ConfigurationRules.CheckCoverage"/>).
/// </summary>
public sealed partial class WorkOrderGeneration
{
    /// <summary>The advisory lock key that serialises <see cref="ApplyAsync"/> across processes.</summary>
    public const long ApplyLockKey = 0x5743_4845_4455_4C45; // "WCHEDULE"

    /// <summary>Occurrences handed from the expansion to the compare at a time.</summary>
    private const int ExpansionBatch = 4096;

    /// <summary>
    /// Batches the expansion may run ahead of the compare. Bounded: when the stored orders take longer to read than the
    /// register (a re-apply), an unbounded queue held every wanted occurrence until the compare began, long enough to
    /// be promoted twice by the collector; a matched occurrence is garbage as soon as the compare has seen it.
    /// </summary>
    private const int ExpansionAhead = 8;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EstateConfiguration _config;
    private readonly WorkingDayCalendar _calendar;
    private readonly IClock _clock;
    private readonly PlanningRegisterCache? _registerCache;

    /// <summary>Creates the service for one configuration and working-day calendar.</summary>
    public WorkOrderGeneration(NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, IClock clock)
        : this(dataSource, config, calendar, clock, registerCache: null)
    {
    }

    /// <summary>
    /// Creates the service for one configuration and working-day calendar, keeping the register each apply reads in
    /// <paramref name="registerCache"/> (one instance per process and data source, shared by every generation made on
    /// it): the nightly generation uses it instead of reading the register while the database's register version is
    /// still the one it was read at. Null keeps nothing.
    /// </summary>
    public WorkOrderGeneration(NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, IClock clock, PlanningRegisterCache? registerCache)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _registerCache = registerCache;
    }

    /// <summary>
    /// How many parts a full compare reads the stored orders in, each on its own connection in one snapshot
    /// (<see cref="StoredOrderReader.ReadInPartsAsync"/>): the cores, 2 to 4 (the server scans each part on its own backend).
    /// </summary>
    internal int ReadParts { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>
    /// Whether a full compare holds the stored orders' asset ids as the kept register's strings (when the register is kept:
    /// <see cref="StoredOrderReader.ReadInPartsAsync"/>); tests and the read probe turn it off to compare with the strings read.
    /// </summary>
    internal bool HoldKeptAssetIds { get; init; } = true;

    /// <summary>The size of <c>work_orders</c>, in pages, from which a full compare reads in parts (tests lower it).</summary>
    internal long SplitReadFromPages { get; init; } = StoredOrderReader.SplitFromPages;

    /// <summary>The last target date planned for <paramref name="asOf"/>: <c>asOf + horizon</c> (inclusive).</summary>
    public LocalDate HorizonEnd(LocalDate asOf) => asOf.Plus(_config.Horizon);

    /// <summary>Computes the plan for <paramref name="asOf"/> without writing anything.</summary>
    /// <exception cref="CoverageException">A schedule's area has no contractor or two; nothing was written.</exception>
    public Task<GenerationResult> PlanAsync(LocalDate asOf, CancellationToken cancellationToken = default) =>
        RunAsync(asOf, apply: false, nightly: false, cancellationToken);

    /// <summary>Computes the plan for <paramref name="asOf"/> and writes it in one transaction.</summary>
    /// <exception cref="CoverageException">A schedule's area has no contractor or two; nothing was written.</exception>
    public Task<GenerationResult> ApplyAsync(LocalDate asOf, CancellationToken cancellationToken = default) =>
        RunAsync(asOf, apply: true, nightly: false, cancellationToken);

    /// <summary>
    /// The nightly generation (the generate job, the demo's and the benchmark's days): applies for <paramref name="asOf"/>
    /// exactly as <see cref="ApplyAsync"/> would, but when config and register are the ones last applied and as-of moved
    /// on by at most <see cref="MaxIncrementalDays"/> days (and a full apply ran within <see cref="FullEveryDays"/> days)
    /// it compares only what can have changed since the last apply (<see cref="GenerationResult.Scope"/> says which, and
    /// why when full): the new days at the end of the horizon, and the assets whose orders changed or whose floating
    /// visits moved. Its <see cref="GenerationResult.UnchangedCount"/> counts only the orders it compared.
    /// </summary>
    /// <exception cref="CoverageException">A schedule's area has no contractor or two; nothing was written.</exception>
    public Task<GenerationResult> GenerateAsync(LocalDate asOf, CancellationToken cancellationToken = default) =>
        RunAsync(asOf, apply: true, nightly: true, cancellationToken);

    private async Task<GenerationResult> RunAsync(LocalDate asOf, bool apply, bool nightly, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var scope = GenerationScope.Full(GenerationScopes.Requested);
        var registerStamp = default(RegisterStamp);
        List<PlanningChange> changes = [];
        GenerationWatermark? mark = null;
        Guid? markToken = null;
        TableStatistics.Growth? growth = null;
        if (apply)
        {
            await using var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
            lockCommand.Parameters.AddWithValue("key", ApplyLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // Under the lock, before anything is read: the watermark, the register version, and the changes other writers
            // recorded (taken now, so what commits later is either read below or left for the next apply).
            await GenerationWatermarks.MarkAsGenerationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            (mark, registerStamp, markToken) = await GenerationWatermarks.ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            changes = await GenerationWatermarks.TakeChangesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            // Read now: a first apply's compare streams its creations into work_orders on this connection (a COPY open
            // until the write below), and its index build would count them.
            growth = await TableStatistics.Growth.StartAsync(connection, transaction, ["work_orders", "outbox_messages"], cancellationToken).ConfigureAwait(false);
            if (nightly)
            {
                scope = Decide(mark, registerStamp.Version, asOf);
            }
        }

        // The apply's time (created_at, the cancellations' audit rows, the notices' Date), taken before the compare: creations may be
        // written while it runs.
        var now = _clock.GetCurrentInstant();
        Plan plan;
        EstateRegister register;
        FloatingHistory history;
        FloatingHistory? keepHistory;
        CreateStream? stream = null;
        TimeSpan read, compare;
        var readRegister = true;
        if (scope.Incremental)
        {
            // The floating history this process kept from its own last apply, if that apply is still the last one.
            var kept = _registerCache?.TakeHistory(registerStamp.Database, markToken, _config.Version);
            int replanned;
            (plan, register, history, keepHistory, read, compare, replanned, readRegister) = await ComputeIncrementalAsync(
                connection, transaction, asOf, mark!, changes, registerStamp, kept, cancellationToken).ConfigureAwait(false);
            scope = scope with { AssetsReplanned = replanned };
        }
        else
        {
            (plan, register, history, stream, read, compare) = await ComputeAsync(
                connection, transaction, asOf, apply ? now : null, apply ? registerStamp : null, cancellationToken).ConfigureAwait(false);
            keepHistory = history;
        }

        if (!apply)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new GenerationResult(plan, false, [], [.. plan.Cancel.Select(c => c.Order.Reference)], new GenerationTimings(read, compare, TimeSpan.Zero)) { Scope = scope, ReadRegister = readRegister };
        }

        var write = Stopwatch.StartNew();
        LocalDate? DeadlineOf(Occurrence o) => history.DeadlineOf(o, register, asOf);
        List<string> cancelled;
        CreatedOrders created;
        if (stream is { Started: true })
        {
            // The leading creations are in work_orders already (since the savepoint): the rest after the cancellations
            // (a replacement reuses its cancelled order's key), then every creation's notice.
            try
            {
                var streamed = await stream.CompleteAsync().ConfigureAwait(false);
                await PlanWriter.SyncConfigAsync(connection, transaction, _config, now, cancellationToken).ConfigureAwait(false);
                cancelled = await PlanWriter.CancelAsync(connection, transaction, plan.Cancel, _config.Version, now, cancellationToken).ConfigureAwait(false);
                var references = await OrderCopy.WriteAsync(connection, transaction, plan.Create, _config, now, DeadlineOf, streamed, stream.Indexes, cancellationToken).ConfigureAwait(false);
                await transaction.ReleaseAsync(PlanWriter.CopySavepoint, cancellationToken).ConfigureAwait(false);
                created = new CreatedOrders(references, NoticesWritten: true);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A live order has one of the keys: undo everything since the savepoint and write the plan the idempotent way.
                await transaction.RollbackAsync(PlanWriter.CopySavepoint, cancellationToken).ConfigureAwait(false);
                await PlanWriter.SyncConfigAsync(connection, transaction, _config, now, cancellationToken).ConfigureAwait(false);
                cancelled = await PlanWriter.CancelAsync(connection, transaction, plan.Cancel, _config.Version, now, cancellationToken).ConfigureAwait(false);
                created = new CreatedOrders(
                    await PlanWriter.InsertIdempotentAsync(connection, transaction, plan.Create, _config, now, DeadlineOf, cancellationToken).ConfigureAwait(false),
                    NoticesWritten: false);
            }
        }
        else
        {
            await PlanWriter.SyncConfigAsync(connection, transaction, _config, now, cancellationToken).ConfigureAwait(false);
            cancelled = await PlanWriter.CancelAsync(connection, transaction, plan.Cancel, _config.Version, now, cancellationToken).ConfigureAwait(false);
            created = await PlanWriter.CreateAsync(connection, transaction, plan.Create, _config, now, DeadlineOf, cancellationToken).ConfigureAwait(false);
        }

        // The email each change causes is written in the same transaction (the outbox): never a notice without its
        // order, never an order without its notice. The dispatcher sends them after commit.
        // The bulk path writes the created orders' notices itself; its fallback leaves them to the writer here.
        await Outbox.OutboxWriter.EnqueueForPlanAsync(
            connection, transaction, created.NoticesWritten ? [] : created.References, cancelled, now, _config.Organisation.Zone, cancellationToken).ConfigureAwait(false);

        // A first apply (or one that created a tenth of the orders) analyzes work_orders now, with the rows: the gas
        // booking that follows in the same command otherwise plans its candidates blind (Bulk.TableStatistics; at
        // 300,000 homes it ran past the 30-second command timeout). A night's few thousand new orders leave it to autovacuum.
        await growth!.AnalyzeIfEnoughAsync(connection, transaction, "work_orders", cancellationToken).ConfigureAwait(false);

        // Likewise the outbox, when this apply's notices are a tenth of it or more: the first dispatch, run at once after a
        // first apply, claims and completes its batches from it (first-run drill; docs/benchmarks-history.md, branch
        // firstrun23).
        await growth.AnalyzeIfEnoughAsync(connection, transaction, "outbox_messages", cancellationToken).ConfigureAwait(false);

        // What this apply covered, committed with it: the next night applies incrementally from here. The token is new to this
        // apply: finding it there on the next night tells this process that no other apply ran in between.
        var token = Guid.NewGuid();
        var fullAsOf = scope.Incremental ? mark!.FullAsOf : asOf;
        await GenerationWatermarks.WriteAsync(
            connection,
            transaction,
            new GenerationWatermark(asOf, HorizonEnd(asOf), fullAsOf, _config.Version, registerStamp.Version),
            token,
            now,
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (keepHistory is not null && _registerCache is not null)
        {
            if (!scope.Incremental && _registerCache.TakeHistoryToReplace(registerStamp.Database, _config.Version) is { } previous)
            {
                // A full compare read the history whole: the homes grouped by date for the incremental nights are taken
                // over from the one kept before, not made again on the next night.
                keepHistory.TakeIndexesOf(previous);
            }

            _registerCache.KeepHistory(registerStamp.Database, token, _config.Version, keepHistory);
        }

        return new GenerationResult(plan, true, created.References, cancelled, new GenerationTimings(read, compare, write.Elapsed))
        {
            Scope = scope,
            ReadRegister = readRegister,
            FullDueOn = fullAsOf.PlusDays(FullEveryDays),
        };
    }

    /// <summary>
    /// Reads, expands and compares. For an apply (<paramref name="applyAt"/> set) the leading creations are streamed
    /// into <c>work_orders</c> while the compare runs (<see cref="CreateStream"/>); the caller completes the stream.
    /// </summary>
    private async Task<(Plan Plan, EstateRegister Register, FloatingHistory History, CreateStream? Stream, TimeSpan Read, TimeSpan Compare)> ComputeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LocalDate asOf, Instant? applyAt, RegisterStamp? stamp, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var horizonEnd = HorizonEnd(asOf);

        // The register (and the floating schedules' last completions) are read on a second connection while this one
        // reads the stored orders, and expanded on another core as soon as they are in. Under READ COMMITTED every
        // statement sees what is committed when it starts, so the second connection sees exactly what this
        // transaction would. (The completions were read here first, before the stored orders: a scan of work_orders
        // that held up both reads.) The occurrences stream to the
        // compare in batches as they are expanded, so on a first apply (nothing stored to wait for) expanding and
        // comparing run at once on two cores instead of one after the other.
        var batches = Channel.CreateBounded<List<Occurrence>>(
            new BoundedChannelOptions(ExpansionAhead) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stopExpansion = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); // the compare failed: stop waiting for it
        var registerRead = new TaskCompletionSource<(EstateRegister, FloatingHistory)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var expansion = Task.Run(
            async () =>
            {
                try
                {
                    await using var registerConnection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    var history = await FloatingHistory.ReadAsync(registerConnection, null, _config, cancellationToken).ConfigureAwait(false);
                    var (register, _) = await ReadRegisterAsync(registerConnection, null, stamp, cancellationToken).ConfigureAwait(false);

                    // Every order needs exactly one contractor: refuse before anything is compared or written.
                    CheckCoverage(register);

                    registerRead.SetResult((register, history));
                    var batch = new List<Occurrence>(ExpansionBatch);
                    foreach (var occurrence in new OccurrenceExpander(_config, _calendar).Expand(
                        register, asOf, horizonEnd, asOf, lastDone: (schedule, asset) => history.LastDone(schedule.Id, asset.Id)))
                    {
                        batch.Add(occurrence);
                        if (batch.Count == ExpansionBatch)
                        {
                            await batches.Writer.WriteAsync(batch, stopExpansion.Token).ConfigureAwait(false);
                            batch = new List<Occurrence>(ExpansionBatch);
                        }
                    }

                    await batches.Writer.WriteAsync(batch, stopExpansion.Token).ConfigureAwait(false);
                    batches.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    // The compare waits on both: it sees the refusal (or failure) instead of a short list.
                    registerRead.TrySetException(e);
                    batches.Writer.TryComplete(e);
                    throw;
                }
            },
            cancellationToken);
        CreateStream? stream = null;
        TimeSpan read;
        EstateRegister register;
        FloatingHistory history;
        Plan plan;
        try
        {
            var database = stamp?.Database;

            // The register kept between nights, when it is the one this apply plans with (a weekly full compare's): the rows'
            // asset ids are held as its strings (StoredOrderReader.ReadInPartsAsync).
            var kept = stamp is { } at && HoldKeptAssetIds ? _registerCache?.Kept(at) : null;
            var (stored, partRows) = await StoredOrderReader.ReadInPartsAsync(
                _dataSource, connection, transaction, asOf, StoredOrderReader.NamesOf(_config), ReadParts, SplitReadFromPages,
                database is { } db ? _registerCache?.StoredRows(db) : null, kept, cancellationToken).ConfigureAwait(false);
            if (database is { } readFrom)
            {
                _registerCache?.KeepStoredRows(readFrom, partRows);
            }

            read = watch.Elapsed;
            watch.Restart();
            (register, history) = await registerRead.Task.ConfigureAwait(false);
            var (r, h) = (register, history);
            stream = applyAt is { } now
                ? new CreateStream(
                    _dataSource, connection, transaction, PlanWriter.CopySavepoint,
                    new OrderCopy.OrderRows(_config, now, o => h.DeadlineOf(o, r, asOf)), cancellationToken)
                : null;
            plan = Planner.Compare(_config, register, Drain(batches.Reader, cancellationToken), stored, asOf, horizonEnd, stream is null ? null : stream.Add);
        }
        catch (Exception e)
        {
            if (stream is not null)
            {
                await stream.AbandonAsync(e).ConfigureAwait(false); // off this connection before the caller rolls back
            }

            if (e is ChannelClosedException)
            {
                await expansion.ConfigureAwait(false); // the channel wraps the expansion's failure: throw the failure itself
                throw;
            }

            // The expansion may be waiting for the compare to take a batch (or the stored read failed before the compare
            // began): stop it, and let it end before the caller closes the connections.
            await stopExpansion.CancelAsync().ConfigureAwait(false);
            try
            {
                await expansion.ConfigureAwait(false);
            }
            catch (Exception stopped) when (stopped is not OutOfMemoryException)
            {
                // Cancelled (or failed on its own meanwhile): the compare's failure is the one to report.
            }

            throw;
        }

        await expansion.ConfigureAwait(false);
        return (plan, register, history, stream, read, watch.Elapsed);
    }

    /// <summary>
    /// The planning register (<see cref="EstateRegisterReader.ReadAssetsAsync"/>): the one kept in the register cache when
    /// it was read at <paramref name="stamp"/> (the version read under this apply's lock), else read now and kept for it.
    /// No stamp (a plan: no lock, no version read) reads and keeps nothing.
    /// </summary>
    private async Task<(EstateRegister Register, bool Read)> ReadRegisterAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, RegisterStamp? stamp, CancellationToken cancellationToken)
    {
        if (_registerCache is null || stamp is not { } at)
        {
            return (await EstateRegisterReader.ReadAssetsAsync(connection, transaction, cancellationToken).ConfigureAwait(false), true);
        }

        if (_registerCache.Find(at) is { } kept)
        {
            return (kept, false);
        }

        var register = await EstateRegisterReader.ReadAssetsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        _registerCache.Keep(at, register);
        return (register, true);
    }

    /// <summary>
    /// Refuses (<see cref="CoverageException"/>) when a schedule's area has no contractor or two
    /// (<see cref="ConfigurationRules.CheckCoverage"/>). The register kept between nights is checked once per configuration.
    /// </summary>
    private void CheckCoverage(EstateRegister register)
    {
        if (_registerCache is not null && _registerCache.Covered(register, _config.Version))
        {
            return;
        }

        var problems = ConfigurationRules.CheckCoverage(_config, register);
        if (problems.Count > 0)
        {
            throw new CoverageException(problems);
        }

        _registerCache?.MarkCovered(register, _config.Version);
    }

    /// <summary>The expanded occurrences in order, as their batches arrive; throws what the expansion threw.</summary>
    private static IEnumerable<Occurrence> Drain(ChannelReader<List<Occurrence>> reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (reader.TryRead(out var batch))
            {
                foreach (var occurrence in batch)
                {
                    yield return occurrence;
                }
            }

            // The compare is synchronous (pure, in the domain), so it waits here on its thread for the next batch.
            if (!reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                yield break;
            }
        }
    }
}
