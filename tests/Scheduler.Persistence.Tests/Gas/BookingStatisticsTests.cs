using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A booking that adds a tenth of the appointments or of the outbox or more (the first: every gas home and its letter)
/// analyzes <c>gas_appointments</c> and <c>outbox_messages</c> in its own transaction, so what runs at once after the
/// first apply (the first dispatch, another booking) does not plan them blind; a night's few bookings leave them to
/// autovacuum. <c>pg_class.reltuples</c> is what the last ANALYZE counted, <c>pg_stats</c> what it found per column.
/// </summary>
public sealed class BookingStatisticsTests : GasTestBase
{
    private static readonly LocalDate LastCheck = new(2026, 6, 10);

    private static readonly LocalDate BookOn = new(2027, 3, 15);

    private static Home[] NorthHomes(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Home($"N{i:00}", "B1", "S1", LastCheck.PlusDays(i % 20)))];

    [Fact]
    public async Task BookAsync_FirstBooking_AnalyzesTheAppointmentsAndTheOutbox()
    {
        await ImportAsync(GasEstate(NorthHomes(30)), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        var outboxBefore = await CountAsync("outbox_messages");

        var result = await Booking().BookAsync(BookOn);

        Assert.Equal(30, result.Booked.Count);
        Assert.Equal(30L, await CountAsync("gas_appointments"));
        Assert.Equal(30L, await CountedAsync("gas_appointments"));
        Assert.Equal(1L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = 'gas_appointments' AND attname = 'status'"));

        // The letters are counted: the outbox as it is after the booking, not as the apply's notices left it.
        Assert.Equal(outboxBefore + 30, await CountAsync("outbox_messages"));
        Assert.Equal(outboxBefore + 30, await CountedAsync("outbox_messages"));
        Assert.Equal(1L, await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'outbox_messages' AND attname = 'kind' AND 'tenant-letter' = ANY(most_common_vals::text::text[])"));
    }

    [Fact]
    public async Task BookAsync_ANightsFewBookings_LeaveTheStatisticsToAutovacuum()
    {
        await ImportAsync(GasEstate(NorthHomes(30)), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        await Booking().BookAsync(BookOn);
        var (appointments, outbox) = (await CountedAsync("gas_appointments"), await CountedAsync("outbox_messages"));

        // The next night one new home comes into the register: one appointment, one letter.
        var night = BookOn.PlusDays(1);
        await ImportAsync(GasEstate([.. NorthHomes(30), Home("N99", "B1", "S1", LastCheck)]), night);
        await ApplyAsync(night, GasConfig());
        var result = await Booking().BookAsync(night);

        Assert.Equal("N99", Assert.Single(result.Booked).HomeId);
        Assert.Equal(31L, await CountAsync("gas_appointments"));
        Assert.Equal(appointments, await CountedAsync("gas_appointments"));
        Assert.True(await CountAsync("outbox_messages") > outbox);
        Assert.Equal(outbox, await CountedAsync("outbox_messages"));
    }

    private Task<long> CountAsync(string table) => Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    private Task<long> CountedAsync(string table) =>
        Database.DataSource.ScalarAsync<long>($"SELECT reltuples::bigint FROM pg_class WHERE oid = '{table}'::regclass");
}
