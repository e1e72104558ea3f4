using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Sends the outbox. A round (<see cref="DispatchOnceAsync"/>): write the weekly contractors' programmes and late
/// notices that are due; claim a batch (<c>FOR UPDATE SKIP LOCKED</c>, status <c>sending</c> under a lease, committed
/// at once); render and build each message and write it out as MIME bytes; send the batch over one connection
/// (<see cref="IMailTransport"/>), recording each message sent in its own autocommit single-row statement as soon as the
/// server accepts it, before the next can be accepted (<see cref="OutboxSentRecorder"/>; the record overlaps the next
/// message's envelope, whose end of data waits for it); then, in one transaction, issue the planned orders of the
/// messages sent (one set-based statement) and record the other results — retry later with backoff (4xx, broken
/// connection), dead (5xx, out of attempts, template error) or superseded. Orders of messages recorded sent by a
/// dispatcher that died before that transaction are issued at the start of a later round, once its lease has run out. No transaction is held open while mail is sent. A dispatcher that dies mid-batch leaves the rest of its
/// rows <c>sending</c>; once the lease runs out they are claimed again, and only the one message in flight when it died
/// can be sent a second time (with the same Message-Id). When the server cannot be reached at all, the batch goes back
/// without counting attempts and the dispatcher pauses (<see cref="OutageBackoff"/>). When the letter batch folder cannot be
/// written, the letters to post go back the same way under a pause of their own (<see cref="LetterOutage"/>) while the mail
/// goes on. Time comes only from the <see cref="IClock"/>.
/// Not thread-safe (the retry policy's random is not): run one round at a time per instance; run more instances
/// (or processes) for more throughput.
/// </summary>
public sealed class OutboxDispatcher
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly EstateConfiguration _config;
    private readonly IClock _clock;
    private readonly RetryPolicy _retryPolicy;
    private readonly DispatchOptions _options;
    private readonly IMailTransport _transport;
    private readonly OutboxStore _store;
    private readonly OutboxComposer _composer;
    private readonly DateTimeZone _zone;
    private readonly WorkingDayCalendar _workingDays;
    private readonly LetterBatchWriter? _letterBatch;
    private readonly OutageBackoff _outage;
    private readonly OutageBackoff _letterOutage;

    /// <summary>
    /// Makes a dispatcher. <paramref name="transport"/> defaults to what <paramref name="mail"/> chooses (SMTP, or the
    /// pickup folder when no <c>Smtp:Host</c> is set). <paramref name="feedbackLinks"/> puts signed feedback links in
    /// contractor work orders and programmes (none when null or when no signing key is set). <paramref name="outage"/>
    /// is the pause while the mail server is unreachable: pass one shared instance when dispatchers are made per round
    /// (a new <see cref="OutageBackoff.CreateDefault"/> when null); <paramref name="letterOutage"/> likewise, the pause
    /// while the letter batch folder cannot be written. <paramref name="workingDays"/> is the organisation's bank-holiday
    /// calendar, whose working days are the days letters are posted (<see cref="LetterBatchDocument.PostingDay"/>) and
    /// place a weekly contractor's order in a programme (<see cref="ProgrammeWeek"/>): pass the one the host loaded
    /// (<c>config/bank-holidays.json</c> when present); the shipped snapshot's for the organisation's region when null.
    /// </summary>
    public OutboxDispatcher(
        NpgsqlDataSource dataSource,
        EstateConfiguration config,
        TemplateRenderer renderer,
        MailSettings mail,
        IClock clock,
        RetryPolicy retryPolicy,
        DispatchOptions? options = null,
        IMailTransport? transport = null,
        Feedback.FeedbackLinks? feedbackLinks = null,
        OutageBackoff? outage = null,
        OutageBackoff? letterOutage = null,
        WorkingDayCalendar? workingDays = null)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _config = config ?? throw new ArgumentNullException(nameof(config));
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(mail);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _retryPolicy = retryPolicy ?? throw new ArgumentNullException(nameof(retryPolicy));
        _options = options ?? DispatchOptions.Default;
        _transport = transport ?? mail.CreateTransport();
        _store = new OutboxStore(dataSource);
        _outage = outage ?? OutageBackoff.CreateDefault();
        _letterOutage = letterOutage ?? OutageBackoff.CreateDefault();
        var builder = new MessageBuilder(mail.From);
        _letterBatch = mail.LetterBatchDirectory is { } letters ? new LetterBatchWriter(letters) : null;
        _composer = new OutboxComposer(
            renderer,
            builder,
            new OrderCalendar(MessageIds.DefaultDomain, config.Organisation, mail.From.Address, appointment => renderer.SlotWords(appointment)),
            config,
            new TenantLetterComposer(renderer, builder, config, canPrint: _letterBatch is not null),
            feedbackLinks);
        _zone = config.Organisation.Zone;
        _workingDays = workingDays ?? BankHolidayCatalog.Snapshot.Calendar(config.Organisation.BankHolidays);
    }

    /// <summary>The key the worker registers its <see cref="LetterOutage"/> under (a keyed singleton: the mail's pause is the unkeyed one).</summary>
    public const string LetterOutageKey = "letter-folder";

    /// <summary>The options in force.</summary>
    public DispatchOptions Options => _options;

    /// <summary>The pause while the mail server is unreachable.</summary>
    public OutageBackoff Outage => _outage;

    /// <summary>
    /// The pause while the letter batch folder (<c>Mail:LetterBatchDirectory</c>) cannot be written: its
    /// <see cref="OutageBackoff.Reason"/> names the folder. While it runs the letters to post go back untried, due again
    /// at its end, no attempt counted, and the folder is not touched; the mail of the same batches goes on. The first
    /// letters written end it.
    /// </summary>
    public OutageBackoff LetterOutage => _letterOutage;

    /// <summary>
    /// Makes the letters to post that wait for the letter batch folder — put back untried by this or any dispatcher's
    /// <see cref="LetterOutage"/> pause, due again at its end — due now, so that this dispatcher tries the folder at once:
    /// for <c>dispatch</c> run by hand once the folder is mended (before session 29 a second run within the first run's
    /// 30-second pause claimed none of them and exited 0). Returns how many; none without a letter batch folder.
    /// </summary>
    public Task<int> MakeLettersWaitingDueAsync(CancellationToken cancellationToken = default)
    {
        if (_letterBatch is null)
        {
            return Task.FromResult(0);
        }

        var now = _clock.GetCurrentInstant();
        return _store.MakeLettersWaitingDueAsync(LetterBatchWriter.FolderMarker, now, now + _letterOutage.MaxDelay, cancellationToken);
    }

    /// <summary>
    /// One round: enqueues what weekly contractors are due, then claims, sends and records at most
    /// <paramref name="batchSize"/> messages. Cancelling stops sending; messages not yet tried go back to pending
    /// without counting an attempt, and the results so far are still recorded. While the mail server is known to be
    /// unreachable (<see cref="Outage"/> paused) only letters to post are claimed (<see cref="PrintWhileMailWaitsAsync"/>).
    /// </summary>
    public async Task<DispatchSummary> DispatchOnceAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var enqueued = await EnqueueWeeklyAsync(cancellationToken).ConfigureAwait(false);
        await _store.IssueOrdersOfSentAsync(_clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (_outage.IsPaused(_clock.GetCurrentInstant()))
        {
            var printed = await PrintWhileMailWaitsAsync(batchSize, progress: null, untilNoneDue: false, cancellationToken).ConfigureAwait(false);
            return printed with { Enqueued = enqueued };
        }

        var composed = await PrepareAsync(batchSize, progress: null, cancellationToken).ConfigureAwait(false);
        await using var recorder = _store.CreateSentRecorder();
        var round = await DeliverAsync(composed, recorder, cancellationToken).ConfigureAwait(false);
        return round with { Enqueued = enqueued };
    }

    /// <summary>
    /// Rounds of <paramref name="batchSize"/> until nothing is due (messages retried later are not due now); for
    /// <c>dispatch --once</c>. Weekly programmes are enqueued once, while the first batch is claimed and rendered. The rounds overlap: while one batch is being
    /// sent and recorded, the next is claimed and rendered (its lease runs from its claim), so rendering does not wait
    /// for the mail server and the connection does not wait for rendering. Each batch is still claimed, sent and recorded
    /// on its own, in order, as by <see cref="DispatchOnceAsync"/>; the batches share one SMTP connection
    /// (<see cref="IMailTransport.KeepOpen"/>), and a batch's completion in the database (issuing its orders, recording
    /// what was not sent) runs while the next batch is sent.
    /// </summary>
    public Task<DispatchSummary> DispatchDueAsync(int batchSize, CancellationToken cancellationToken = default) =>
        DispatchDueAsync(batchSize, progress: null, cancellationToken);

    /// <summary>
    /// <see cref="DispatchDueAsync(int, CancellationToken)"/>, keeping <paramref name="progress"/> up to date as it goes:
    /// when the run throws part-way (the database failing), <see cref="DispatchProgress.SoFar"/> says what it had done.
    /// </summary>
    public async Task<DispatchSummary> DispatchDueAsync(int batchSize, DispatchProgress? progress, CancellationToken cancellationToken)
    {
        var issuedBefore = _store.IssuedEvents;
        var total = await DispatchRoundsAsync(batchSize, progress, cancellationToken).ConfigureAwait(false);
        // A run that issued a tenth of work_order_events or more (a landlord's first) analyzes it (OutboxStore).
        if (!cancellationToken.IsCancellationRequested)
        {
            await _store.AnalyzeEventsIfEnoughAsync(_store.IssuedEvents - issuedBefore, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    private async Task<DispatchSummary> DispatchRoundsAsync(int batchSize, DispatchProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        progress ??= new DispatchProgress();

        // The weekly programmes and late notices are written (their own connection and transaction) while the catch-up
        // runs and the first batch is claimed and rendered: at 300,000 homes the weekly queries are ~5-7 % of a working
        // day's dispatch with nothing beside them (docs/benchmarks-history.md, branch scale20). What they write is due
        // at this run's time, after everything already due (the claim's order), so a full first batch is the one it
        // would have been; a first batch that is not full is topped up once the writing is done.
        var enqueuing = EnqueueWeeklyAsync(cancellationToken);
        IReadOnlyList<ComposedMessage> next;
        try
        {
            await _store.IssueOrdersOfSentAsync(_clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
            next = cancellationToken.IsCancellationRequested || _outage.IsPaused(_clock.GetCurrentInstant())
                ? []
                : await PrepareAsync(batchSize, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not left running: its failure (if any) is the less telling one, so it is observed and dropped.
            await enqueuing.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        int enqueued;
        try
        {
            enqueued = await enqueuing.ConfigureAwait(false);
        }
        catch when (next.Count > 0)
        {
            // The batch already claimed is sent (or handed back), not left to its lease; then the failure is reported.
            await using var recorderForClaimed = _store.CreateSentRecorder();
            progress.RecordWith(recorderForClaimed);
            progress.Decided(await DeliverAsync(next, recorderForClaimed, cancellationToken).ConfigureAwait(false));
            throw;
        }

        progress.Enqueued(enqueued);

        var total = DispatchSummary.Empty with { Enqueued = enqueued };
        if (enqueued > 0 && next.Count < batchSize && !cancellationToken.IsCancellationRequested && !_outage.IsPaused(_clock.GetCurrentInstant()))
        {
            // Fewer than a batch were due: what the weekly writing added joins the first batch, after what was already
            // claimed, as one claim made after the writing would have taken it (the same batch, in the same order).
            var more = await PrepareAsync(batchSize - next.Count, progress, cancellationToken).ConfigureAwait(false);
            next = more.Count == 0 ? next : [.. next, .. more];
        }

        if (next.Count == 0)
        {
            return total.Add(await PrintWhileMailWaitsAsync(batchSize, progress, untilNoneDue: true, cancellationToken).ConfigureAwait(false));
        }

        // Back-to-back batches share one SMTP connection (recycled after Smtp:MessagesPerConnection), closed at the end.
        await using var keepOpen = _transport.KeepOpen();

        // The batches are sent one after another, so one recorder (one connection, one prepared statement, opened at the
        // first mark) serves the whole run instead of a connection taken from the pool, set up and reset per batch.
        await using var recorder = _store.CreateSentRecorder();
        progress.RecordWith(recorder);

        // A batch's completion (issuing the orders of what was sent, recording the other results, clearing leases) runs
        // while the next batch is sent: every message sent by mail is already recorded sent, one by one, before the next
        // can be accepted, so the completion adds nothing the crash bound depends on. One completion at a time.
        var completing = Task.CompletedTask;
        try
        {
            while (next.Count > 0)
            {
                var current = next;
                var delivering = SendAndDecideAsync(current, recorder, cancellationToken);

                // A full batch suggests more are due: claim and render the next one while this one is sent.
                var preparing = current.Count == batchSize && !cancellationToken.IsCancellationRequested
                    ? Task.Run(() => PrepareAsync(batchSize, progress, cancellationToken), CancellationToken.None)
                    : Task.FromResult<IReadOnlyList<ComposedMessage>>([]);
                Delivered delivered;
                try
                {
                    delivered = await delivering.ConfigureAwait(false);
                }
                finally
                {
                    // Whatever happened to this batch, the next one is claimed: it must be sent or handed back, not left to its lease.
                    next = await preparing.ConfigureAwait(false);
                }

                await completing.ConfigureAwait(false);
                completing = CompleteAsync(delivered);
                var round = delivered.Summary;
                total = total.Add(round);
                progress.Decided(round);
                // Letters waiting for the letter folder are due again only when its pause ends, so they are not claimed again
                // in this run: they alone do not stop it (the mail behind them goes on).
                if ((round.Claimed == round.Retried && round.Claimed > round.LettersWaiting)
                    || cancellationToken.IsCancellationRequested
                    || _outage.IsPaused(_clock.GetCurrentInstant()))
                {
                    // Everything came back (the server is down, or we are stopping): finish the batch already claimed (while
                    // the server is unreachable its mail goes back untried), then stop.
                    var last = await DeliverAsync(next, recorder, cancellationToken).ConfigureAwait(false);
                    total = total.Add(last);
                    progress.Decided(last);
                    break;
                }

                if (next.Count == 0)
                {
                    // Sending this batch may have made more due (a cancellation waits for its order's notice): look again,
                    // once this batch is completed.
                    await completing.ConfigureAwait(false);
                    next = await PrepareAsync(batchSize, progress, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await completing.ConfigureAwait(false);
        }

        // The mail server went away during the run: the letters to post behind the mail still go into the day's batch.
        return total.Add(await PrintWhileMailWaitsAsync(batchSize, progress, untilNoneDue: true, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// While the mail server cannot be reached (<see cref="Outage"/> paused), claims the letters to post alone (tenant
    /// letters whose tenant takes post, <see cref="OutboxStore.ClaimLettersToPostAsync"/>) and puts them in the day's batch
    /// file: a printed letter needs no mail server, so a day without mail does not hold back a tenant's appointment letter
    /// by post (before session 38 nothing was claimed during the pause, letters to post included). One batch, or rounds of
    /// <paramref name="batchSize"/> until none is due (<paramref name="untilNoneDue"/>). Nothing when the mail is not
    /// paused, there is no letter batch folder, the folder's own pause (<see cref="LetterOutage"/>) holds, or the run is
    /// being stopped. The mail waits as before, untried and uncounted.
    /// </summary>
    private async Task<DispatchSummary> PrintWhileMailWaitsAsync(int batchSize, DispatchProgress? progress, bool untilNoneDue, CancellationToken cancellationToken)
    {
        var total = DispatchSummary.Empty;
        if (_letterBatch is null || !_outage.IsPaused(_clock.GetCurrentInstant()))
        {
            return total;
        }

        // A letter the composer still sends by email (its tenant moved to email since the claim) goes back untried while
        // the pause lasts, like any mail: the recorder is opened only if something is sent by mail, which nothing is here.
        await using var recorder = _store.CreateSentRecorder();
        progress?.RecordWith(recorder);
        while (!cancellationToken.IsCancellationRequested
               && _outage.IsPaused(_clock.GetCurrentInstant())
               && !_letterOutage.IsPaused(_clock.GetCurrentInstant()))
        {
            var claimed = await _store.ClaimLettersToPostAsync(batchSize, _clock.GetCurrentInstant(), _options.Lease, cancellationToken).ConfigureAwait(false);
            progress?.Claimed(claimed.Count);
            if (claimed.Count == 0)
            {
                break;
            }

            var round = await DeliverAsync(await ComposeAsync(claimed, cancellationToken).ConfigureAwait(false), recorder, cancellationToken).ConfigureAwait(false);
            total = total.Add(round);
            progress?.Decided(round);
            if (!untilNoneDue || round.Claimed == round.Retried)
            {
                // One batch asked for, or nothing left the queue (the folder failed: its pause now holds): stop.
                break;
            }
        }

        return total;
    }

    /// <summary>Claims up to <paramref name="batchSize"/> due messages (one short transaction) and renders them; no transaction stays open.</summary>
    private async Task<IReadOnlyList<ComposedMessage>> PrepareAsync(int batchSize, DispatchProgress? progress, CancellationToken cancellationToken)
    {
        var claimed = await _store.ClaimAsync(batchSize, _clock.GetCurrentInstant(), _options.Lease, cancellationToken).ConfigureAwait(false);
        progress?.Claimed(claimed.Count);
        return claimed.Count == 0 ? [] : await ComposeAsync(claimed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a composed batch over one connection, recording each message sent before the next is tried (and puts its
    /// post letters in the day's batch file), then records every other result in one transaction. Cancelling stops
    /// sending; messages not yet tried go back to pending without counting an attempt, and the results so far are
    /// still recorded. While <see cref="Outage"/> is paused the mail goes back untried, not counted.
    /// </summary>
    private async Task<DispatchSummary> DeliverAsync(IReadOnlyList<ComposedMessage> composed, OutboxSentRecorder recorder, CancellationToken cancellationToken)
    {
        var delivered = await SendAndDecideAsync(composed, recorder, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(delivered).ConfigureAwait(false);
        return delivered.Summary;
    }

    /// <summary>A batch sent (or printed) and each message's result decided, not yet completed in the database.</summary>
    private sealed record Delivered(IReadOnlyList<OutboxCompletion> Completions, Instant At, DispatchSummary Summary);

    /// <summary>
    /// The first part of <see cref="DeliverAsync"/>: sends the batch's mail (each message recorded sent as the server
    /// accepts it) and, at the same time, puts its post letters in the day's batch; then decides every message's result.
    /// </summary>
    private async Task<Delivered> SendAndDecideAsync(IReadOnlyList<ComposedMessage> composed, OutboxSentRecorder recorder, CancellationToken cancellationToken)
    {
        if (composed.Count == 0)
        {
            return new Delivered([], _clock.GetCurrentInstant(), DispatchSummary.Empty);
        }

        // The batch's post letters go into the day's batch file while its mail is sent: the two share nothing (other rows,
        // another connection, no order between them), and the file's write, flush to disk and rename are mostly waiting
        // (branch days17: ~50 ms of a 300,000-home working day's dispatch, after the last message before). Both are
        // awaited whatever happens to the other, so neither is left running when this returns or throws.
        var ready = composed.Where(c => c.Message is not null).ToList();
        var printing = PrintAsync([.. composed.Where(c => c.Letter is not null)], cancellationToken);
        var sending = SendAsync(ready, recorder, cancellationToken);
        try
        {
            await Task.WhenAll(printing, sending).ConfigureAwait(false);
        }
        finally
        {
            // The transport has returned: every send of the batch has ended (each message sent and its mark recorded, or
            // failed, or not tried), so nothing reads the messages' bytes any more and their pooled arrays go back for the
            // next batch (MessageBytes). A retried message is composed again when claimed again. Only after a sending that
            // ended normally: one that threw leaves them to the garbage collector.
            if (sending.IsCompletedSuccessfully)
            {
                foreach (var message in ready)
                {
                    message.Message!.ReleaseBytes();
                }
            }
        }

        var results = await sending.ConfigureAwait(false);
        var printed = await printing.ConfigureAwait(false);

        var now = _clock.GetCurrentInstant();
        var byMessageId = results.Concat(printed).ToDictionary(r => r.MessageId, StringComparer.Ordinal);
        var completions = composed.Select(c => Complete(c, byMessageId, now)).ToList();
        return new Delivered(
            completions,
            now,
            new DispatchSummary(
                composed.Count,
                completions.Count(c => c.Result == OutboxResult.Sent),
                completions.Count(c => c.Result == OutboxResult.Retry),
                completions.Count(c => c.Result == OutboxResult.Dead),
                completions.Count(c => c.Result == OutboxResult.Superseded),
                0,
                composed.Zip(completions).Count(p => p.First.Letter is not null && p.Second.Result == OutboxResult.Retry && !p.Second.CountsAsAttempt
                    && byMessageId.TryGetValue(p.First.Claimed.MessageId, out var r) && r.Outcome == SendOutcome.Unreachable)));
    }

    /// <summary>
    /// Records a delivered batch in one transaction: messages sent by mail are already marked sent, one by one; here
    /// their orders are issued, all at once, and every other result is recorded. Runs even when cancelled: the server
    /// has what it has, and leases should not be left to run out.
    /// </summary>
    private Task CompleteAsync(Delivered delivered) =>
        delivered.Completions.Count == 0 ? Task.CompletedTask : _store.CompleteAsync(delivered.Completions, delivered.At, CancellationToken.None);

    /// <summary>
    /// Sends the mail of a batch over one connection; each message the server accepts is recorded sent before the next
    /// can be accepted (the record overlaps the next message's envelope). A batch that finds the server unreachable starts or
    /// lengthens the outage pause; one that reaches it ends the pause.
    /// </summary>
    private async Task<IReadOnlyList<SendResult>> SendAsync(List<ComposedMessage> ready, OutboxSentRecorder recorder, CancellationToken cancellationToken)
    {
        if (ready.Count == 0)
        {
            return [];
        }

        if (_outage.PausedUntil is { } until && _clock.GetCurrentInstant() < until)
        {
            return [.. ready.Select(c => new SendResult(c.Claimed.MessageId, SendOutcome.Unreachable, null, $"Not tried: the mail server is unreachable; the dispatcher waits until {until}."))];
        }

        var byMessageId = ready.ToDictionary(c => c.Claimed.MessageId, StringComparer.Ordinal);
        var results = await _transport.SendBatchAsync(
            [.. ready.Select(c => c.Message!)],
            sent => recorder.RecordSentAsync(byMessageId[sent.MessageId].Claimed, _clock.GetCurrentInstant(), CancellationToken.None),
            cancellationToken).ConfigureAwait(false);

        if (results.FirstOrDefault(r => r.Outcome == SendOutcome.Unreachable) is { } unreachable)
        {
            _outage.Unreachable(_clock.GetCurrentInstant(), unreachable.Detail, unreachable.StatusCode);
        }
        else if (results.Any(r => r.Outcome is SendOutcome.Sent or SendOutcome.Transient or SendOutcome.Permanent))
        {
            _outage.Reached();
        }

        return results;
    }

    /// <summary>
    /// Writes the programmes due today (once per contractor and week; a week of more than the contractor's
    /// <see cref="Contractor.ProgrammeMaxOrders"/> in parts) and a notice for each order of a weekly contractor that no
    /// programme will carry. Returns how many messages were written.
    /// </summary>
    public async Task<int> EnqueueWeeklyAsync(CancellationToken cancellationToken = default)
    {
        var weekly = _config.Contractors.Where(c => c.Dispatch == DispatchMode.Weekly).ToList();
        if (weekly.Count == 0)
        {
            return 0;
        }

        var now = _clock.GetCurrentInstant();
        var today = now.InZone(_zone).Date;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The late orders' statement (a notice for each order no programme carries) is estimated over the contractor's
        // planned orders times a GIN probe of the outbox the planner puts at thousands of rows, which crossed the JIT
        // thresholds: at 300,000 homes ~10 ms of compiling a call for ~20 ms of running (pg_stat_statements, branch jit27).
        await NoJit.ForTransactionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var contractor in weekly)
        {
            var (week, lateThrough, lateOpensThrough) = ProgrammeWeeks.For(today, contractor.ProgrammeDay, _workingDays);
            if (week is { } due)
            {
                written += await OutboxProgrammes.EnqueueProgrammeAsync(
                    connection, transaction, contractor.Id, due, contractor.ProgrammeMaxOrders, MessageIdOf, now, cancellationToken).ConfigureAwait(false);
            }

            written += await OutboxProgrammes.EnqueueLateOrdersAsync(
                connection, transaction, contractor.Id, lateThrough, lateOpensThrough, today, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static readonly Func<string, string> MessageIdOf = key => MessageIds.FromKey(key);

    private async Task<List<ComposedMessage>> ComposeAsync(IReadOnlyList<ClaimedMessage> claimed, CancellationToken cancellationToken)
    {
        var orderIds = claimed.SelectMany(c => c.WorkOrderIds).Distinct().ToList();
        var loaded = await _store.LoadOrdersAsync(orderIds, cancellationToken).ConfigureAwait(false);
        var wanted = orderIds.ToHashSet();
        var orders = loaded.Where(o => wanted.Contains(o.Id)).ToDictionary(o => o.Id);
        var followUps = loaded.Where(o => o.ParentId is { } parent && wanted.Contains(parent)).ToLookup(o => o.ParentId!.Value);
        var contractors = await _store.LoadContractorsAsync(
            [.. claimed.Where(c => c.RecipientKind == "contractor").Select(c => c.RecipientId).Distinct(StringComparer.Ordinal)],
            cancellationToken).ConfigureAwait(false);
        // The batch's letters are dated from one reading of the clock: emails today, printed letters the day they are posted.
        var today = _clock.GetCurrentInstant().InZone(_zone).Date;
        var letters = await TenantLetterData.LoadAsync(
            _store, claimed, today, LetterBatchDocument.PostingDay(today, _workingDays), cancellationToken).ConfigureAwait(false);

        // Rendering is CPU work and the composers are thread-safe: use every core. Results keep the claim's order.
        var composed = new ComposedMessage[claimed.Count];
        try
        {
            Parallel.For(
                0,
                claimed.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i =>
                {
                    var message = _composer.Compose(claimed[i], orders, followUps, contractors, letters, cancellationToken);
                    message.Message?.Serialize();
                    composed[i] = message;
                });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The composers only throw when cancelled: surface that as itself, as a sequential loop would.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return [.. composed];
    }

    /// <summary>
    /// Puts the letters to post into their day's batch file: first each row's file is fixed in the database (the one its
    /// letter was composed for: the posting day's, unless an earlier claim already chose one), then each day's letters go into its
    /// numbered volumes under the day's lock (<see cref="LetterBatchWriter"/>: the last volume topped up, new ones
    /// started; each volume written to a temp file and renamed). A crash before a rename leaves that volume as it was and
    /// the rows due again; a crash after it leaves rows that name the day's file, whose letters are found in its volumes
    /// next time and not added twice.
    /// </summary>
    private async Task<IReadOnlyList<SendResult>> PrintAsync(IReadOnlyList<ComposedMessage> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0 || _letterBatch is null)
        {
            return [];
        }

        // While the folder is known not to be writable, it is not touched: the letters go back untried until the pause ends.
        if (LettersWait(letters) is { } waiting)
        {
            return waiting;
        }

        // A letter whose earlier claim chose a batch that has been posted since is looked for there first: found, it went
        // with that batch; not found, it goes into the batch it was composed for now.
        var results = new List<SendResult>(letters.Count);
        var (posted, stillToWrite) = await FindInEarlierBatchesAsync(letters, cancellationToken).ConfigureAwait(false);
        results.AddRange(posted);
        letters = stillToWrite;

        // Each letter's batch was chosen when it was composed (the one an earlier claim chose, else its posting day's), so
        // the file it goes in and the date printed on it are the same day.
        var files = await _store.AssignLetterBatchAsync(
            [.. letters.Select(l => (l.Claimed, TenantLetterComposer.PostPrefix + l.Letter!.Batch, l.Letter.EarlierBatch is { } earlier ? TenantLetterComposer.PostPrefix + earlier : null))],
            cancellationToken).ConfigureAwait(false);
        foreach (var lost in letters.Where(l => !files.ContainsKey(l.Claimed.Id)))
        {
            results.Add(new SendResult(lost.Claimed.MessageId, SendOutcome.NotAttempted, null, "Another dispatcher holds this letter now."));
        }

        foreach (var group in letters.Where(l => files.ContainsKey(l.Claimed.Id)).GroupBy(l => files[l.Claimed.Id], StringComparer.Ordinal))
        {
            var fileName = OutboxDelivery.PostBatch(group.Key) ?? group.Key;
            var day = OutboxDelivery.BatchDay(fileName) ?? _clock.GetCurrentInstant().InZone(_zone).Date;
            if (LettersWait([.. group]) is { } groupWaits)
            {
                // An earlier day's file of this batch found the folder unwritable: the rest wait too.
                results.AddRange(groupWaits);
                continue;
            }

            IReadOnlyList<SendResult> added;
            await using (await _store.LockLetterBatchAsync(fileName, cancellationToken).ConfigureAwait(false))
            {
                // Today is read under the lock: a batch whose day has begun by then gets nothing more.
                var today = _clock.GetCurrentInstant().InZone(_zone).Date;
                added = await _letterBatch.AddAsync(fileName, day, [.. group.Select(l => l.Letter!)], today, cancellationToken).ConfigureAwait(false);
            }

            // The folder could not be written: start (or lengthen) its pause. Letters written end it.
            if (added.FirstOrDefault(r => r.Outcome == SendOutcome.Unreachable) is { } unwritable)
            {
                _letterOutage.Unreachable(_clock.GetCurrentInstant(), unwritable.Detail);
            }
            else if (added.Any(r => r.Outcome == SendOutcome.Sent))
            {
                _letterOutage.Reached();
            }

            results.AddRange(added);
        }

        return results;
    }

    /// <summary>
    /// For letters whose earlier claim chose a batch whose day has begun (<see cref="PrintedLetter.EarlierBatch"/>): looks
    /// for each in that batch's volumes under its lock. Returns the results of those found (posted with that batch), of
    /// those that could not be looked for (the folder unreadable, a volume changed by hand: as a failed write), and the
    /// letters still to write — every other letter, and those not found, which go into the batch they were composed for.
    /// </summary>
    private async Task<(IReadOnlyList<SendResult> Results, IReadOnlyList<ComposedMessage> ToWrite)> FindInEarlierBatchesAsync(
        IReadOnlyList<ComposedMessage> letters, CancellationToken cancellationToken)
    {
        if (_letterBatch is null || letters.All(l => l.Letter!.EarlierBatch is null))
        {
            return ([], letters);
        }

        var results = new List<SendResult>();
        var toWrite = letters.Where(l => l.Letter!.EarlierBatch is null).ToList();
        foreach (var group in letters.Where(l => l.Letter!.EarlierBatch is not null).GroupBy(l => l.Letter!.EarlierBatch!, StringComparer.Ordinal))
        {
            var day = OutboxDelivery.BatchDay(group.Key) ?? LocalDate.MinIsoValue;
            (IReadOnlyList<SendResult> Results, IReadOnlySet<string> Missing) search;
            await using (await _store.LockLetterBatchAsync(group.Key, cancellationToken).ConfigureAwait(false))
            {
                search = await _letterBatch.FindAsync(group.Key, day, [.. group.Select(l => l.Letter!)], cancellationToken).ConfigureAwait(false);
            }

            if (search.Results.FirstOrDefault(r => r.Outcome == SendOutcome.Unreachable) is { } unreadable)
            {
                _letterOutage.Unreachable(_clock.GetCurrentInstant(), unreadable.Detail);
            }

            results.AddRange(search.Results);
            toWrite.AddRange(group.Where(l => search.Missing.Contains(l.Claimed.MessageId)));
        }

        return (results, toWrite);
    }

    /// <summary>While <see cref="LetterOutage"/> is paused, <paramref name="letters"/> as not tried, naming the folder's reason; else null.</summary>
    private SendResult[]? LettersWait(IReadOnlyList<ComposedMessage> letters)
    {
        if (_letterOutage.PausedUntil is not { } until || _clock.GetCurrentInstant() >= until)
        {
            return null;
        }

        var reason = _letterOutage.Reason?.TrimEnd('.') ?? $"The letter batch folder {LetterBatchWriter.FolderMarker} cannot be written";
        return [.. letters.Select(l => new SendResult(l.Claimed.MessageId, SendOutcome.Unreachable, null, $"Not tried: {reason}; the dispatcher waits until {until}."))];
    }

    private OutboxCompletion Complete(ComposedMessage composed, Dictionary<string, SendResult> results, Instant now)
    {
        var claimed = composed.Claimed;
        if (composed.Failure is { } failure && failure != OutboxResult.Retry)
        {
            return new OutboxCompletion(claimed, failure, null, failure == OutboxResult.Dead, composed.Error, []);
        }

        // A render that ran out of time (a busy machine) is a transient failure, like a 4xx reply: the same retry policy,
        // counted as an attempt, so a template that never ends is still given up after the policy's attempts.
        var result = composed.Failure == OutboxResult.Retry
            ? new SendResult(claimed.MessageId, SendOutcome.Transient, null, composed.Error ?? "The template ran out of time.")
            : results.TryGetValue(claimed.MessageId, out var r)
                ? r
                : new SendResult(claimed.MessageId, SendOutcome.NotAttempted, null, "The transport gave no result for this message.");
        var decision = _retryPolicy.Decide(result.Outcome, claimed.Attempts + (result.Outcome is SendOutcome.NotAttempted or SendOutcome.Unreachable ? 0 : 1), now);

        // A letter not written because the letter folder cannot be written waits for the end of the folder's pause: the
        // mail goes on meanwhile, and a letter due at once would be claimed again by every batch of the run.
        var letterWaitsUntil = composed.Letter is not null && result.Outcome == SendOutcome.Unreachable ? _letterOutage.PausedUntil : null;
        return decision.Action switch
        {
            RetryAction.Done => new OutboxCompletion(claimed, OutboxResult.Sent, null, true, null, composed.OrderIds),
            // A message not tried (the server unreachable, another dispatcher holds the letter) keeps its due time, so
            // it keeps its place in the queue (due time, then id: OutboxStore's claim); a real failure waits its backoff.
            RetryAction.Retry => new OutboxCompletion(
                claimed, OutboxResult.Retry, decision.CountsAsAttempt ? decision.RetryAt : letterWaitsUntil, decision.CountsAsAttempt, result.Detail, []),
            _ => new OutboxCompletion(
                claimed,
                OutboxResult.Dead,
                null,
                decision.CountsAsAttempt,
                result.Outcome == SendOutcome.Permanent ? result.Detail : $"Gave up after {claimed.Attempts + 1} attempts: {result.Detail}",
                []),
        };
    }
}
