using Npgsql;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// <c>apply</c> commits the plan, then books gas appointments in a transaction of its own. When the booking fails (here:
/// another session holds the booking's lock past the command timeout), the real process says what was stored and what
/// was not, and exits 1 — no stack trace — and the next <c>apply</c> books.
/// </summary>
public sealed class ApplyBookingFailureTests
{
    [Fact]
    public async Task Apply_BookingTimesOutAfterThePlanCommitted_SaysSoExits1_TheNextApplyBooks()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var cs = database.ConnectionString;
        var import = await WorkerProcess.RunAsync(RepositoryRoot.Path, cs, "import", "--estate", "config/sample", "--as-of", "2027-03-01");
        Assert.True(import.Exit == 0, import.Error);

        (int Exit, string Out, string Error) failed;
        await using (var holder = new NpgsqlConnection(cs))
        {
            await holder.OpenAsync();
            await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({GasAppointmentBooking.BookingLockKey})", holder))
            {
                await hold.ExecuteNonQueryAsync();
            }

            failed = await WorkerProcess.RunAsync(RepositoryRoot.Path, cs + ";Command Timeout=3", "apply", "--as-of", "2027-03-01");
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({GasAppointmentBooking.BookingLockKey})", holder);
            await release.ExecuteNonQueryAsync();
        }

        var ds = database.DataSource;
        var orders = await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders");
        Assert.Equal(1, failed.Exit);
        var line = Assert.Single(failed.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("estate-scheduler apply: the database failed during the gas booking: the database did not answer within the command timeout", line, StringComparison.Ordinal);
        Assert.EndsWith(
            $"The work orders as of 2027-03-01 were stored ({orders} created, 0 cancelled), but the gas booking stored nothing; "
            + "run apply again: it books what is due and changes no orders already stored.",
            line,
            StringComparison.Ordinal);
        Assert.True(orders > 0);
        Assert.Equal(0, await ds.ScalarAsync<int>("SELECT count(*) FROM gas_appointments"));

        var again = await WorkerProcess.RunAsync(RepositoryRoot.Path, cs, "apply", "--as-of", "2027-03-01");

        Assert.True(again.Exit == 0, again.Error);
        Assert.Equal(orders, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders"));
        Assert.True(await ds.ScalarAsync<int>("SELECT count(*) FROM gas_appointments") > 0);
    }
}
