using System.Globalization;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// Booking a large batch set-based (<see cref="GasBookingWriter"/>) against what booking one appointment at a time wrote:
/// the same estate planned in a second database and each appointment written with the three statements the per-row
/// booking used (appointment, order appointed with its audit row, tenant letter) must leave every row of
/// <c>gas_appointments</c>, <c>work_orders</c>, <c>work_order_events</c> and <c>outbox_messages</c> the same, ids included.
/// </summary>
public class GasBookingBatchTests : GasTestBase
{
    private const int Homes = 1_500;

    private static readonly LocalDate BookOn = new(2027, 3, 15);

    private static readonly AppointmentPolicy BatchPolicy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 4, ["south"] = 1 },
    };

    private static EstateConfiguration BatchConfig() =>
        Config([GasSafety() with { Appointment = BatchPolicy }], [GasEngineer() with { Areas = ["north", "south", "east"] }], horizonWeeks: 20);

    /// <summary>
    /// 1,500 homes in three areas (east has no engineers), deadlines spread over 6 weeks so the windows overlap and fill,
    /// every 10th home void (no letter), every 7th with two tenants (the letter goes to the first by id).
    /// </summary>
    private static EstateRegister BatchEstate()
    {
        var homes = new List<Home>();
        var tenants = new List<Tenant>();
        for (var i = 0; i < Homes; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"H{i:00000}");
            var area = (i % 15) switch { < 10 => "north", < 14 => "south", _ => "east" };
            homes.Add(Home(id, null, null, new LocalDate(2026, 5, 20).PlusDays(i % 42), area: area));
            if (i % 10 != 3)
            {
                tenants.Add(Tenant($"T-{id}-b", id));
                if (i % 7 == 0)
                {
                    tenants.Add(Tenant($"T-{id}-a", id));
                }
            }
        }

        return new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch"), new Area("east", "East patch")], [Site("S1")], [], homes, tenants);
    }

    /// <summary>
    /// The checks made of a batch of reports each cancel any appointment still booked for the home and deadline under
    /// another order, but only for a visit without a booked appointment of its own (<see cref="GasCompletionEffect.CancelSupersededSql"/>).
    /// Every order here has its own booking, so nothing is cancelled, and the home's other appointments are never read:
    /// the visits without their own booking are found first, alone (branch rep33; written as one join, PostgreSQL hashed
    /// every booked appointment on each batch, ~218,000 at 300,000 homes, to cancel nothing).
    /// </summary>
    [Fact]
    public async Task CancelSuperseded_EveryVisitBookedItself_ReadsNoOtherAppointment()
    {
        await ImportAsync(BatchEstate(), BookOn);
        await ApplyAsync(BookOn, BatchConfig());
        var booked = await new GasAppointmentBooking(Database.DataSource, BatchConfig(), TestEstate.Calendar, Clock) { BulkFrom = 1 }.BookAsync(BookOn);
        Assert.True(booked.Booked.Count >= 500, $"only {booked.Booked.Count} appointments booked");
        await Database.DataSource.ExecuteAsync("ANALYZE gas_appointments");
        var rows = await Database.DataSource.RowsAsync("SELECT work_order_id || '|' || home_id || '|' || deadline::text FROM gas_appointments WHERE status = 'booked' ORDER BY id");

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + GasCompletionEffect.CancelSupersededSql, connection, transaction);
        command.Parameters.AddWithValue("orders", rows.Select(r => long.Parse(r.Split('|')[0], CultureInfo.InvariantCulture)).ToArray());
        command.Parameters.AddWithValue("homes", rows.Select(r => r.Split('|')[1]).ToArray());
        command.Parameters.AddWithValue("deadlines", rows.Select(r => NodaTime.Text.LocalDatePattern.Iso.Parse(r.Split('|')[2]).Value).ToArray());
        command.Parameters.AddWithValue("now", Instant.FromUtc(2027, 3, 15, 12, 0));
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync();
        var text = string.Join('\n', plan);
        Assert.Contains("Update on gas_appointments a (actual rows=0", text, StringComparison.Ordinal);
        // The appointments to cancel (gas_appointments a) are read by no scan that ran.
        var scans = plan.Where(l => l.Contains(" on gas_appointments a ", StringComparison.Ordinal) && !l.Contains("Update on", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scans);
        Assert.All(scans, l => Assert.Contains("never executed", l, StringComparison.Ordinal));
        Assert.Equal(rows.Count, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE status = 'booked'"));
    }

    /// <summary>
    /// Migration <c>HomeBookingFlag</c>: booking an order (planned → appointed) moves no flag of <c>work_orders</c>' partial
    /// indexes (<c>unfinished_home_order</c> holds the appointed orders too, <c>open_home_visit</c>, <c>is_open</c> before <c>HotReports</c>, is true before and after, and
    /// no index is on <c>status</c>), so each order's appointed version is a HOT update, one at a time or in bulk. Before
    /// it, <c>awaits_booking</c> (planned, issued, no-access) moved, and no booking was HOT.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BookAsync_OrdersAppointed_AreHotUpdates(bool bulk)
    {
        await ImportAsync(BatchEstate(), BookOn);
        await ApplyAsync(BookOn, BatchConfig());
        Database.DataSource.Clear();
        var before = await UpdatesAsync(0);

        var result = await (bulk ? new GasAppointmentBooking(Database.DataSource, BatchConfig(), TestEstate.Calendar, Clock) { BulkFrom = 1 } : Booking(BatchConfig())).BookAsync(BookOn);

        var appointed = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE status = 'appointed' AND open_home_visit AND unfinished_home_order");
        Assert.Equal(result.Booked.Count, appointed);
        Assert.True(appointed >= 500, $"only {appointed} orders appointed");
        Database.DataSource.Clear();
        var after = await UpdatesAsync(before.Updates + appointed);
        Assert.Equal(appointed, after.Updates - before.Updates);
        Assert.Equal(appointed, after.Hot - before.Hot);
    }

    /// <summary>
    /// As written in bulk too (<paramref name="bulk"/>: the path of the first night's ~225,000 bookings, taken here from
    /// one booking on): the appointments' indexes dropped and built again after the COPY (new relations, the same
    /// definitions), their foreign keys dropped and added again (new constraints, the same definitions, still enforced)
    /// and the letters' tenants found in one pass over <c>tenants</c>; the rows must be the same.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BookAsync_LargeBatch_WritesTheRowsBookingOneAtATimeWrote(bool bulk)
    {
        await ImportAsync(BatchEstate(), BookOn);
        await ApplyAsync(BookOn, BatchConfig());

        // The tenants' row estimate the bulk path reads (as autovacuum would have it), and the indexes as they were.
        await Database.DataSource.ExecuteAsync("ANALYZE tenants");
        const string IndexesSql = """
            SELECT c.relname || ' ' || c.oid || ' ' || pg_get_indexdef(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'gas_appointments'::regclass ORDER BY c.relname
            """;
        var indexesBefore = await Database.DataSource.RowsAsync(IndexesSql);
        const string KeysSql = """
            SELECT conname || ' ' || oid || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = 'gas_appointments'::regclass AND contype = 'f' ORDER BY conname
            """;
        var keysBefore = await Database.DataSource.RowsAsync(KeysSql);
        await using var reference = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(reference.DataSource, Clock).ImportAsync(TestEstate.Estate(), "test", AsOf);
        await new RegisterImporter(reference.DataSource, Clock).ImportAsync(BatchEstate(), "test", BookOn);
        await new Persistence.Orders.WorkOrderGeneration(reference.DataSource, BatchConfig(), TestEstate.Calendar, Clock).ApplyAsync(BookOn);

        var result = await (bulk ? new GasAppointmentBooking(Database.DataSource, BatchConfig(), TestEstate.Calendar, Clock) { BulkFrom = 1 } : Booking(BatchConfig())).BookAsync(BookOn);
        await OneAtATimeAsync(reference.DataSource, result.Booked, Clock.GetCurrentInstant());

        // Built again (new relations of the same names and definitions, the primary key kept) only in bulk.
        var indexesAfter = await Database.DataSource.RowsAsync(IndexesSql);
        Assert.Equal(indexesBefore.Count, indexesAfter.Count);
        for (var i = 0; i < indexesBefore.Count; i++)
        {
            var (before, after) = (indexesBefore[i].Split(' ', 3), indexesAfter[i].Split(' ', 3));
            Assert.Equal((before[0], before[2]), (after[0], after[2]));
            Assert.Equal(!bulk || before[0] == "pk_gas_appointments", before[1] == after[1]);
        }

        // The foreign keys too (added again in bulk: new constraints of the same names and definitions), and they hold.
        var keysAfter = await Database.DataSource.RowsAsync(KeysSql);
        Assert.Equal(2, keysBefore.Count);
        Assert.Equal(keysBefore.Count, keysAfter.Count);
        for (var i = 0; i < keysBefore.Count; i++)
        {
            var (before, after) = (keysBefore[i].Split(' ', 3), keysAfter[i].Split(' ', 3));
            Assert.Equal((before[0], before[2]), (after[0], after[2]));
            Assert.Equal(!bulk, before[1] == after[1]);
        }

        var orphan = await Assert.ThrowsAsync<PostgresException>(() => Database.DataSource.ExecuteAsync(
            "INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter_on, status, booked_at) "
            + "VALUES (-1, 'H00000', 'north', DATE '2027-06-01', 9, DATE '2027-05-01', 'AM', DATE '2027-04-01', 'cancelled', now())"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, orphan.SqlState);

        // Enough of everything to mean something: hundreds of homes booked, hundreds refused for capacity, east for no engineers.
        Assert.InRange(result.Booked.Count, 600, Homes - 100);
        Assert.Contains(result.Unbooked, p => p.Kind == BookingProblemKind.NoCapacity);
        Assert.Equal(Homes / 15, result.Unbooked.Count(p => p.Kind == BookingProblemKind.NoEngineers));
        foreach (var table in new[] { "gas_appointments", "work_orders", "work_order_events", "outbox_messages" })
        {
            var sql = $"SELECT t::text FROM {table} t ORDER BY id";
            var expected = await reference.DataSource.RowsAsync(sql);
            var actual = await Database.DataSource.RowsAsync(sql);
            Assert.True(expected.Count == actual.Count, $"{table}: {actual.Count} rows, expected {expected.Count}");
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(expected[i] == actual[i], $"{table}, row {i}:\nexpected {expected[i]}\nactual   {actual[i]}");
            }
        }

        // And independently of the reference: capacity, one letter per booked home with a tenant, to the first tenant.
        var ds = Database.DataSource;
        Assert.Empty(await ds.RowsAsync(
            "SELECT area_id, date, slot FROM gas_appointments GROUP BY area_id, date, slot HAVING count(*) > CASE area_id WHEN 'north' THEN 4 ELSE 1 END"));
        var tenanted = result.Booked.Count(b => int.Parse(b.HomeId[1..], CultureInfo.InvariantCulture) % 10 != 3);
        Assert.Equal((long)tenanted, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'tenant-letter'"));
        Assert.Equal(0L, await ds.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages m JOIN gas_appointments a ON m.idempotency_key = 'letter/' || (SELECT reference FROM work_orders WHERE id = a.work_order_id) || '/1/' || a.id "
            + "WHERE m.recipient_id <> (SELECT min(id) FROM tenants WHERE home_id = a.home_id)"));
        Assert.Equal((long)result.Booked.Count, await ds.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE status = 'appointed'"));
    }

    /// <summary>The per-row booking as it was: three statements per appointment, in planning order.</summary>
    private static async Task OneAtATimeAsync(NpgsqlDataSource dataSource, IReadOnlyList<GasBookedAppointment> booked, Instant now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var b in booked)
        {
            long order;
            string area;
            await using (var read = new NpgsqlCommand(
                "SELECT w.id, h.area_id FROM work_orders w JOIN homes h ON h.id = w.asset_id WHERE w.reference = @reference", connection, transaction))
            {
                read.Parameters.AddWithValue("reference", b.Reference);
                await using var reader = await read.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                (order, area) = (reader.GetInt64(0), reader.GetString(1));
            }

            long id;
            await using (var insert = new NpgsqlCommand(
                """
                INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at,
                                              short_notice, letter_reaches)
                VALUES (@order, @home, @area, @deadline, @attempt, @date, @slot, @letter, @letter_on, 'booked', @now, @short_notice, @letter_reaches)
                RETURNING id
                """,
                connection,
                transaction))
            {
                insert.Parameters.AddWithValue("order", order);
                insert.Parameters.AddWithValue("home", b.HomeId);
                insert.Parameters.AddWithValue("area", area);
                insert.Parameters.AddWithValue("deadline", b.Deadline);
                insert.Parameters.AddWithValue("attempt", b.Attempt);
                insert.Parameters.AddWithValue("date", b.Date);
                insert.Parameters.AddWithValue("slot", b.Slot);
                insert.Parameters.AddWithValue("letter", GasLetters.For(b.Attempt));
                insert.Parameters.AddWithValue("letter_on", BookOn);
                insert.Parameters.AddWithValue("now", now);
                insert.Parameters.AddWithValue("short_notice", b.ShortNotice);
                insert.Parameters.AddWithValue("letter_reaches", b.LetterReaches);
                id = (long)(await insert.ExecuteScalarAsync())!;
            }

            await using (var appoint = new NpgsqlCommand(
                """
                WITH old AS (
                    SELECT id, status FROM work_orders WHERE id = @order FOR UPDATE
                ), updated AS (
                    UPDATE work_orders w SET status = 'appointed', completed_on = NULL, completed_at = NULL
                    FROM old WHERE w.id = old.id
                    RETURNING w.id
                )
                INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
                SELECT old.id, @now, 'appointed', old.status, 'appointed', @reason, @config_version FROM old
                """,
                connection,
                transaction))
            {
                appoint.Parameters.AddWithValue("order", order);
                appoint.Parameters.AddWithValue("now", now);
                appoint.Parameters.AddWithValue("reason", string.Create(
                    CultureInfo.InvariantCulture, $"gas appointment {b.Attempt} booked for {b.Date:uuuu-MM-dd} {b.Slot}; deadline {b.Deadline:uuuu-MM-dd}"));
                appoint.Parameters.AddWithValue("config_version", BatchConfig().Version);
                await appoint.ExecuteNonQueryAsync();
            }

            await using var queue = new NpgsqlCommand(
                """
                INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                             sequence, status, attempts, next_attempt_at, created_at)
                SELECT 'tenant-letter', @key, @key || '@estate-scheduler', 'tenant', t.id, ARRAY[@order], @payload::jsonb, 0, 'pending', 0, @now, @now
                FROM (SELECT id FROM tenants WHERE home_id = @home AND active ORDER BY id LIMIT 1) t
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                connection,
                transaction);
            queue.Parameters.AddWithValue("key", $"letter/{b.Reference}/{b.Attempt}/{id}");
            queue.Parameters.AddWithValue("order", order);
            queue.Parameters.AddWithValue("home", b.HomeId);
            queue.Parameters.AddWithValue("payload", new TenantLetterPayload(GasLetters.For(b.Attempt), b.HomeId, b.Reference, "gas-safety", b.Date, b.Slot).ToJson());
            queue.Parameters.AddWithValue("now", now);
            await queue.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary><c>work_orders</c>' updates and HOT updates so far, waiting (up to 10 s) until at least <paramref name="updates"/> are reported (a backend reports its counts when it goes idle or ends).</summary>
    private async Task<(long Updates, long Hot)> UpdatesAsync(long updates)
    {
        for (var i = 0; ; i++)
        {
            var parts = (await Database.DataSource.RowsAsync("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'work_orders'"))[0].Split('|');
            var counts = (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
            if (counts.Item1 >= updates || i == 100)
            {
                return counts;
            }

            await Task.Delay(100);
        }
    }
}
