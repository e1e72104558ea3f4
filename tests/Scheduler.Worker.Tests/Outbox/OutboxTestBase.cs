using MimeKit;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// A fresh database per test with the test estate imported (clock: Monday 1 March 2027, 09:00 UTC), applies that
/// enqueue their messages, and dispatchers against a real SMTP server in this process.
/// </summary>
public abstract class OutboxTestBase : IAsyncLifetime
{
    protected static readonly LocalDate AsOf = new(2027, 3, 1);

    protected EstateTestDatabase Database { get; private set; } = null!;

    protected FakeClock Clock { get; } = TestEstate.Clock();

    /// <summary>Every contractor on per-order dispatch.</summary>
    protected static EstateConfiguration PerOrderConfig(string version = "v1", IReadOnlyList<Schedule>? schedules = null, string? gasEmail = null) =>
        TestEstate.Config(
            schedules,
            [
                TestEstate.Cleaner() with { Dispatch = DispatchMode.PerOrder },
                TestEstate.Grounds() with { Dispatch = DispatchMode.PerOrder },
                gasEmail is null ? TestEstate.GasEngineer() : TestEstate.GasEngineer() with { Email = gasEmail },
            ],
            version);

    public async Task InitializeAsync()
    {
        Database = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(TestEstate.Estate(), "test", AsOf);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>
    /// A real apply (which enqueues its outbox messages in its own transaction), then <see cref="OutboxWriter"/> once more
    /// on the apply's references in a transaction of its own: that second call must add nothing (the writer is idempotent),
    /// and the tests assert on the table, not on its counts.
    /// </summary>
    protected async Task<(GenerationResult Apply, OutboxEnqueueResult Outbox)> ApplyAsync(EstateConfiguration config, LocalDate? asOf = null)
    {
        var result = await new WorkOrderGeneration(Database.DataSource, config, TestEstate.Calendar, Clock).ApplyAsync(asOf ?? AsOf);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var outbox = await OutboxWriter.EnqueueForPlanAsync(connection, transaction, result.CreatedReferences, result.CancelledReferences, Clock.GetCurrentInstant(), config.Organisation.Zone);
        await transaction.CommitAsync();
        return (result, outbox);
    }

    /// <summary>
    /// An issued gas-safety order <paramref name="reference"/> of warmfix's at home H1 (window 1 January to 30 December
    /// 2027), written directly, for a report to be recorded on.
    /// </summary>
    protected async Task InsertIssuedGasOrderAsync(string reference)
    {
        await Database.DataSource.ExecuteAsync("INSERT INTO config_versions (id, first_applied_at) VALUES ('v1', now()) ON CONFLICT DO NOTHING");
        await Database.DataSource.ExecuteAsync($"""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at)
            VALUES ('{reference}', 'gas-safety', 'gas-safety', 'H1', 'property', '2027-01-01', '2027-12-30', '2027-01-04',
                    'issued', 'warmfix', 'gas-safety/H1/{reference}', 'v1', now())
            """);
    }

    protected static MailSettings Smtp(int port) => Mail(new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:TimeoutSeconds"] = "10",
    });

    protected static MailSettings Pickup(string folder) => Mail(new Dictionary<string, string?> { ["Mail:PickupDirectory"] = folder });

    /// <summary>
    /// A dispatcher on the test estate's working days (<see cref="TestEstate.Calendar"/>, the calendar its orders were
    /// planned with) when <paramref name="config"/> is in its region; for another region, the shipped calendar of that region.
    /// </summary>
    protected OutboxDispatcher Dispatcher(EstateConfiguration config, MailSettings mail, IMailTransport? transport = null, int seed = 1, TemplateRenderer? renderer = null) =>
        new(
            Database.DataSource, config, renderer ?? EmailTestData.Renderer(), mail, Clock, RetryPolicy.Default(new Random(seed)), DispatchOptions.Default, transport,
            workingDays: config.Organisation.BankHolidays == TestEstate.Calendar.Region ? TestEstate.Calendar : null);

    protected Task<List<string>> OutboxRowsAsync(string columns, string where = "true") =>
        Database.DataSource.RowsAsync($"SELECT {columns} FROM outbox_messages WHERE {where} ORDER BY id");

    protected Task<long> CountAsync(string where) =>
        Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM outbox_messages WHERE {where}");

    /// <summary>The single text/calendar attachment of a received message, as text.</summary>
    protected static string IcsOf(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName?.EndsWith(".ics", StringComparison.Ordinal) == true);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    protected static string CsvOf(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName?.EndsWith(".csv", StringComparison.Ordinal) == true);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF');
    }

    private static MailSettings Mail(Dictionary<string, string?> values)
    {
        values["Smtp:From"] = "Example Homes <orders@examplehomes.example>";
        var (settings, problems) = MailSettings.Read(key => values.GetValueOrDefault(key));
        Assert.Empty(problems);
        return settings!;
    }
}
