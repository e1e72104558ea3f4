using NodaTime;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Outbox;

/// <summary>
/// The dispatcher's weekly statements (<see cref="OutboxProgrammes.WeekSql"/>: a week's orders for its programme;
/// <see cref="OutboxProgrammes.LateSql"/>: the orders no programme will carry) run every dispatch for every weekly
/// contractor. They read the contractor's orders near the week through <c>ix_work_orders_live_contractor_first</c>
/// (migration <c>HotReports</c>; before it <c>ix_work_orders_open_contractor_first</c> of the open orders, migration
/// <c>WeeklyOpenOrders</c>): through <c>ix_work_orders_contractor_id</c> they read every order the contractor ever had,
/// its completed history included, and that grew through the year (at 300,000 homes ~2,300 heap pages a call in January,
/// ~5,600 by the end of May; branch disp31, docs/benchmarks-history.md). The index holds the reported orders too (so
/// that a report is a HOT update, branch rep33): the week's statement bounds the index's second column on both sides, and
/// the late orders' statement tests the third (<c>window_end</c>) in the index, so neither fetches the history's rows.
/// The conditions added for the index are implied by the others, so the orders found are the same.
/// </summary>
public sealed class WeeklyStatementsTests
{
    // Thursday 10 June 2027: the programme of 14–20 June is written; the late orders are those a programme of a week
    // ending by Sunday 20 June would list (ProgrammeWeeks.For), with their windows open on the 10th.
    private static readonly LocalDate Today = new(2027, 6, 10);
    private static readonly ProgrammeWeek Week = new(new LocalDate(2027, 6, 14), new LocalDate(2027, 6, 12), new LocalDate(2027, 6, 18));
    private static readonly LocalDate LateThrough = new(2027, 6, 20);
    private static readonly LocalDate LateOpensThrough = new(2027, 6, 18);
    private static readonly Instant Now = Instant.FromUtc(2027, 6, 10, 6, 0);

    [Fact]
    public async Task Migrate_LiveContractorIndex_HoldsEachContractorsLiveOrdersByTheirFirstDayAndWindowEnd()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        var definition = await database.DataSource.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_live_contractor_first'");

        Assert.Equal(
            "CREATE INDEX ix_work_orders_live_contractor_first ON public.work_orders USING btree (contractor_id, LEAST(target_date, window_start), window_end) WHERE is_live",
            definition);
        Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_work_orders_open_contractor_first'"));
    }

    [Fact]
    public async Task WeeklyStatements_OnAContractorsLongHistory_ReadItsOrdersNearTheWeekNotTheHistory()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        // Two grounds contractors, each with two years of completed orders behind it and a year of planned ones ahead
        // (40,000 orders each, ~36 a day), analyzed as a night leaves them. Stored site by site, as an apply writes an
        // asset's orders side by side: a contractor's orders are spread over the table, not stored together.
        await database.DataSource.ExecuteAsync("""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at)
            SELECT 'WO-' || c || '-' || n, 'grass-cut', 'grass-cut', 'S' || (n % 500), 'site',
                   d - 3, d + 10, d, CASE WHEN d < '2027-06-10' THEN 'completed' ELSE 'planned' END, c,
                   'grass-cut/S' || (n % 500) || '/' || c || '/' || n, 'v0', '2025-06-01 02:30Z'
            FROM unnest(ARRAY['greenscape', 'mowbright']) c, generate_series(1, 40000) n,
                 LATERAL (SELECT '2025-06-10'::date + (n % 1095) AS d) t
            ORDER BY n % 500, n, c;
            ANALYZE work_orders
            """);

        var week = await ExplainAsync(database, OutboxProgrammes.WeekSql, WeekParameters("greenscape"));
        var late = await ExplainAsync(database, OutboxProgrammes.LateSql, LateParameters("greenscape"));

        foreach (var plan in new[] { week, late })
        {
            Assert.Contains("ix_work_orders_live_contractor_first", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("ix_work_orders_contractor_id", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on work_orders", plan, StringComparison.Ordinal);
        }

        // Run (rolled back): the rows the index hands to the table are the week's, not the history's. The week's
        // statement: the orders whose earlier day falls between its bounds (Saturday 12 to Sunday 20 June). The late
        // orders' statement: those on or before its bound whose window is open on Thursday 10 June — ~24 days' worth
        // (~880) of the contractor's ~26,000 orders before the bound; with window_end tested on the table instead, all of those.
        var weekRows = await database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM work_orders WHERE contractor_id = 'greenscape' AND least(target_date, window_start) BETWEEN '2027-06-12' AND '2027-06-20'");
        var lateRows = await database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM work_orders WHERE contractor_id = 'greenscape' AND least(target_date, window_start) <= '2027-06-20' AND window_end >= '2027-06-10'");
        var history = await database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM work_orders WHERE contractor_id = 'greenscape' AND least(target_date, window_start) <= '2027-06-20'");
        Assert.InRange(lateRows, 1, history / 20);
        Assert.Equal(weekRows, IndexRows(await ExplainAsync(database, OutboxProgrammes.WeekSql, WeekParameters("greenscape"), analyze: true)));
        Assert.Equal(lateRows, IndexRows(await ExplainAsync(database, OutboxProgrammes.LateSql, LateParameters("greenscape"), analyze: true)));
    }

    // The rows the plan's scan of ix_work_orders_live_contractor_first returned (EXPLAIN ANALYZE's "actual … rows=").
    private static long IndexRows(string plan)
    {
        var line = plan.Split('\n').Single(l => l.Contains("ix_work_orders_live_contractor_first", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"actual rows=(\d+)");
        Assert.True(match.Success, line);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ProgrammeThenLateOrders_OrdersOfEveryShape_EachWhereTheRulesPutIt()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await InsertShapesAsync(database);

        // As the dispatcher does on a programme day: the week's programme, then the late orders, in one transaction.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            Assert.Equal(1, await OutboxProgrammes.EnqueueProgrammeAsync(connection, transaction, "greenscape", Week, 1_000, key => key, Now));
            Assert.Equal(5, await OutboxProgrammes.EnqueueLateOrdersAsync(connection, transaction, "greenscape", LateThrough, LateOpensThrough, Today, Now));
            await transaction.CommitAsync();
        }

        Assert.Equal(
            ["week-aimed-in-it", "week-issued-in-it", "week-opens-friday-aimed-later", "week-opens-in-it-aimed-later", "week-opens-saturday-before"],
            await database.DataSource.RowsAsync("""
                SELECT w.reference FROM outbox_messages o CROSS JOIN LATERAL unnest(o.work_order_ids) i JOIN work_orders w ON w.id = i
                WHERE o.kind = 'contractor-programme' AND o.week_start = '2027-06-14'
                ORDER BY 1
                """));
        Assert.Equal(
            ["late-aimed-last-week", "late-appointed-last-week", "late-long-window", "week-aimed-sunday-before", "week-opened-friday-before"],
            await database.DataSource.RowsAsync("""
                SELECT w.reference FROM outbox_messages o JOIN work_orders w ON o.work_order_ids = ARRAY[w.id]
                WHERE o.kind = 'contractor-order'
                ORDER BY 1
                """));
    }

    // Orders of the contractor 'greenscape' (and one of another), one of each shape the two statements tell apart, and a
    // programme of the week before naming one of them.
    private static Task<int> InsertShapesAsync(EstateTestDatabase database) => database.DataSource.ExecuteAsync("""
        INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                 status, contractor_id, occurrence_key, config_version, created_at)
        SELECT r, 'grass-cut', 'grass-cut', 'S1', 'site', ws::date, we::date, td::date, st, c, 'k/' || r, 'v0', '2027-01-01 02:30Z'
        FROM (VALUES
            -- the week of 14-20 June: aimed in it (not before), its window first workable in it (from Saturday 12 June
            -- through Friday 18 June) or, when aimed in it, not first workable in an earlier week
            ('week-aimed-in-it',              '2027-06-14', '2027-06-30', '2027-06-16', 'planned',   'greenscape'),
            ('week-issued-in-it',             '2027-06-14', '2027-06-30', '2027-06-17', 'issued',    'greenscape'),
            ('week-opens-in-it-aimed-later',  '2027-06-16', '2027-08-30', '2027-08-02', 'planned',   'greenscape'),
            ('week-opens-friday-aimed-later', '2027-06-18', '2027-07-30', '2027-07-20', 'planned',   'greenscape'),
            ('week-opens-saturday-before',    '2027-06-12', '2027-06-30', '2027-06-22', 'planned',   'greenscape'),
            ('week-opened-friday-before',     '2027-06-11', '2027-06-30', '2027-06-15', 'planned',   'greenscape'),
            ('week-aimed-sunday-before',      '2027-06-12', '2027-06-30', '2027-06-13', 'planned',   'greenscape'),
            ('week-completed-in-it',          '2027-06-14', '2027-06-30', '2027-06-15', 'completed', 'greenscape'),
            ('week-aimed-after-it',           '2027-06-28', '2027-07-30', '2027-06-28', 'planned',   'greenscape'),
            ('later-opens-saturday-after',    '2027-06-19', '2027-07-30', '2027-07-20', 'planned',   'greenscape'),
            -- late: planned or appointed, aimed by Sunday 20 June or first workable by Friday 18 June, window open on the
            -- 10th, named by no message to the contractor
            ('late-aimed-last-week',          '2027-06-01', '2027-06-30', '2027-06-08', 'planned',   'greenscape'),
            ('late-appointed-last-week',      '2027-06-07', '2027-06-25', '2027-06-09', 'appointed', 'greenscape'),
            ('late-long-window',              '2027-03-01', '2027-09-30', '2027-08-15', 'planned',   'greenscape'),
            ('late-window-ended',             '2027-05-01', '2027-06-09', '2027-06-01', 'planned',   'greenscape'),
            ('late-issued',                   '2027-06-01', '2027-06-30', '2027-06-08', 'issued',    'greenscape'),
            ('late-completed',                '2027-06-01', '2027-06-30', '2027-06-08', 'completed', 'greenscape'),
            ('late-cancelled',                '2027-06-01', '2027-06-30', '2027-06-08', 'cancelled', 'greenscape'),
            ('late-named-by-a-programme',     '2027-06-01', '2027-06-30', '2027-06-09', 'planned',   'greenscape'),
            ('late-another-contractor',       '2027-06-01', '2027-06-30', '2027-06-08', 'planned',   'mowbright'),
            ('history-completed',             '2026-06-01', '2026-06-30', '2026-06-08', 'completed', 'greenscape'))
            AS o(r, ws, we, td, st, c);
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence,
                                     week_start, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-programme', 'programme/greenscape/2027-06-07', 'p@x', 'contractor', 'greenscape', ARRAY[id], 0,
               '2027-06-07', 'sent', 1, '2027-06-03 06:00Z', '2027-06-03 06:00Z'
        FROM work_orders WHERE reference = 'late-named-by-a-programme'
        """);

    private static Dictionary<string, object> WeekParameters(string contractor) => new()
    {
        ["contractor"] = contractor,
        ["week_start"] = Week.Monday,
        ["week_end"] = Week.Sunday,
        ["opens_from"] = Week.OpensFrom,
        ["opens_through"] = Week.OpensThrough,
        ["key"] = OutboxKeys.Programme(contractor, Week.Monday),
        ["first_part"] = OutboxKeys.ProgrammePart(contractor, Week.Monday, 1),
    };

    private static Dictionary<string, object> LateParameters(string contractor) => new()
    {
        ["contractor"] = contractor,
        ["through"] = LateThrough,
        ["opens_through"] = LateOpensThrough,
        ["today"] = Today,
        ["now"] = Now,
    };

    private static async Task<string> ExplainAsync(EstateTestDatabase database, string sql, Dictionary<string, object> parameters, bool analyze = false)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand((analyze ? "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) " : "EXPLAIN ") + sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync();
        return string.Join('\n', lines);
    }
}
