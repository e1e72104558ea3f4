using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Sends the outbox. A round (<see cref="DispatchOnceAsync"/>): write the weekly contractors' programmes and late
/// notices that are due; claim a batch (<c>FOR UPDATE SKIP LOCKED</c>, status <c>sending</c> under a lease, committed
/// at once); render and build each message; send the batch over one connection (<see cref="IMailTransport"/>);
/// record each result — sent (its planned orders become issued), retry later with backoff (4xx, broken connection),
/// dead (5xx, out of attempts, template error) or superseded. Nothing is held open while mail is sent. A dispatcher
/// that dies after sending and before recording leaves its rows <c>sending</c>; once the lease runs out they are
/// claimed and sent again, once, with the same Message-Id. Time comes only from the <see cref="IClock"/>.
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

    /// <summary>
    /// Makes a dispatcher. <paramref name="transport"/> defaults to what <paramref name="mail"/> chooses (SMTP, or the
    /// pickup folder when no <c>Smtp:Host</c> is set). <paramref name="feedbackLinks"/> puts signed feedback links in
    /// contractor work orders and programmes (none when null or when no signing key is set).
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
        Feedback.FeedbackLinks? feedbackLinks = null)
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
        _composer = new OutboxComposer(
            renderer,
            new MessageBuilder(mail.From),
            new OrderCalendar(MessageIds.DefaultDomain, config.Organisation.Name, mail.From.Address),
            config,
            feedbackLinks);
        _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(config.Organisation.TimeZone) ?? DateTimeZoneProviders.Tzdb["Europe/London"];
    }

    /// <summary>The options in force.</summary>
    public DispatchOptions Options => _options;

    /// <summary>
    /// One round: enqueues what weekly contractors are due, then claims, sends and records at most
    /// <paramref name="batchSize"/> messages. Cancelling stops sending; messages not yet tried go back to pending
    /// without counting an attempt, and the results so far are still recorded.
    /// </summary>
    public async Task<DispatchSummary> DispatchOnceAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var enqueued = await EnqueueWeeklyAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await _store.ClaimAsync(batchSize, _clock.GetCurrentInstant(), _options.Lease, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return DispatchSummary.Empty with { Enqueued = enqueued };
        }

        var composed = await ComposeAsync(claimed, cancellationToken).ConfigureAwait(false);
        var ready = composed.Where(c => c.Message is not null).ToList();
        var results = ready.Count == 0
            ? []
            : await _transport.SendBatchAsync([.. ready.Select(c => c.Message!)], cancellationToken).ConfigureAwait(false);

        var now = _clock.GetCurrentInstant();
        var byMessageId = results.ToDictionary(r => r.MessageId, StringComparer.Ordinal);
        var completions = composed.Select(c => Complete(c, byMessageId, now)).ToList();

        // Recorded even when cancelled: the server has what it has, and leases should not be left to run out.
        await _store.CompleteAsync(completions, now, CancellationToken.None).ConfigureAwait(false);
        return new DispatchSummary(
            claimed.Count,
            completions.Count(c => c.Result == OutboxResult.Sent),
            completions.Count(c => c.Result == OutboxResult.Retry),
            completions.Count(c => c.Result == OutboxResult.Dead),
            completions.Count(c => c.Result == OutboxResult.Superseded),
            enqueued);
    }

    /// <summary>
    /// Rounds of <paramref name="batchSize"/> until nothing is due (messages retried later are not due now); for
    /// <c>dispatch --once</c>.
    /// </summary>
    public async Task<DispatchSummary> DispatchDueAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        var total = DispatchSummary.Empty;
        while (!cancellationToken.IsCancellationRequested)
        {
            var round = await DispatchOnceAsync(batchSize, cancellationToken).ConfigureAwait(false);
            total = total.Add(round);
            if (round.Claimed == 0 || round.Claimed == round.Retried)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>
    /// Writes the programmes due today (once per contractor and week) and a notice for each order of a weekly
    /// contractor that no programme will carry. Returns how many messages were written.
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
        var written = 0;
        foreach (var contractor in weekly)
        {
            var (week, lateThrough) = ProgrammeWeeks.For(today, contractor.ProgrammeDay);
            if (week is { } start)
            {
                var key = OutboxKeys.Programme(contractor.Id, start);
                if (await OutboxProgrammes.EnqueueProgrammeAsync(connection, transaction, contractor.Id, start, key, MessageIds.FromKey(key), now, cancellationToken).ConfigureAwait(false))
                {
                    written++;
                }
            }

            written += await OutboxProgrammes.EnqueueLateOrdersAsync(connection, transaction, contractor.Id, lateThrough, today, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

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
        return [.. claimed.Select(c => _composer.Compose(c, orders, followUps, contractors, cancellationToken))];
    }

    private OutboxCompletion Complete(ComposedMessage composed, Dictionary<string, SendResult> results, Instant now)
    {
        var claimed = composed.Claimed;
        if (composed.Failure is { } failure)
        {
            return new OutboxCompletion(claimed, failure, null, failure == OutboxResult.Dead, composed.Error, []);
        }

        var result = results.TryGetValue(claimed.MessageId, out var r)
            ? r
            : new SendResult(claimed.MessageId, SendOutcome.NotAttempted, null, "The transport gave no result for this message.");
        var decision = _retryPolicy.Decide(result.Outcome, claimed.Attempts + (result.Outcome == SendOutcome.NotAttempted ? 0 : 1), now);
        return decision.Action switch
        {
            RetryAction.Done => new OutboxCompletion(claimed, OutboxResult.Sent, null, true, null, composed.OrderIds),
            RetryAction.Retry => new OutboxCompletion(claimed, OutboxResult.Retry, decision.RetryAt, decision.CountsAsAttempt, result.Detail, []),
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
