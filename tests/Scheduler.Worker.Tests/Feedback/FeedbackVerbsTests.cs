using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// complete, import-completions and apikey through the real command line with the shipped config and sample register
/// against a real database (applied as of 23 November 2026; the CLI's today is 29 November 2026).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class FeedbackVerbsTests(FeedbackVerbsTests.SampleDatabase fixture) : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    // An open order of the service, taken from the shared database so no other test reports on it.
    private Task<string> OrderAsync(string service) => fixture.TakeAsync(service);

    [Fact]
    public async Task Complete_DoneTwice_RecordsOnceAndSaysAlreadyRecorded()
    {
        var reference = await OrderAsync("block-clean");
        var on = await _database.DataSource.ScalarAsync<string>($"SELECT greatest(window_start, '2026-11-23')::text FROM work_orders WHERE reference = '{reference}'");

        var first = await CliRunner.RunAsync("complete", reference, "--on", on);
        var again = await CliRunner.RunAsync("complete", reference, "--on", on);

        Assert.Equal((0, $"Recorded: work order {reference} done on {on}." + Environment.NewLine, string.Empty), first);
        Assert.Equal((0, $"Already recorded: work order {reference} done on {on}; nothing changed." + Environment.NewLine, string.Empty), again);
        Assert.Equal(
            [$"completed|{on}|cli|done|sparkle"],
            await _database.DataSource.RowsAsync($"SELECT w.status, w.completed_on::text, e.source, e.outcome, e.contractor_id FROM work_orders w JOIN work_order_events e ON e.work_order_id = w.id AND e.outcome IS NOT NULL WHERE w.reference = '{reference}'"));
    }

    [Theory]
    [InlineData("gas-safety", "gas-heating-attend", "gas-repair", "warmsafe")]
    [InlineData("block-clean", "repairs-external", "repairs", "fixright")]
    public async Task Complete_Defect_RaisesARepairForTheShippedTradeContractor(string service, string category, string repairService, string contractor)
    {
        var reference = await OrderAsync(service);

        var (exit, output, error) = await CliRunner.RunAsync("complete", reference, "--on", "2026-11-29", "--outcome", "defect", "--category", category, "--note", "Loose slab by the door");

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);
        Assert.Matches($"^Recorded: work order {reference} done with a defect found on 2026-11-29\\. Raised WO-20[0-9]{{2}}-[0-9]{{6}}\\.", output);
        Assert.Equal(
            [$"{repairService}|{contractor}|{category}|planned"],
            await _database.DataSource.RowsAsync($"SELECT r.service, r.contractor_id, r.sla_category, r.status FROM work_orders r JOIN work_orders p ON p.id = r.parent_id WHERE p.reference = '{reference}'"));
    }

    [Fact]
    public async Task Complete_Refused_ExitsOneWithTheReason()
    {
        var (exit, output, error) = await CliRunner.RunAsync("complete", "WO-2026-999999", "--on", "2026-11-29");

        Assert.Equal((1, string.Empty, "There is no work order WO-2026-999999." + Environment.NewLine), (exit, output, error));
    }

    [Theory]
    [InlineData("--outcome", "defect", "--outcome defect needs --category: one of repairs-emergency,")]
    [InlineData("--category", "repairs-routine", "--category goes only with --outcome defect.")]
    [InlineData("--outcome", "maybe", "--outcome 'maybe' is not one of: done, no-access, defect.")]
    public async Task Complete_UsageMistake_ExitsTwoWithOneLine(string option, string value, string message)
    {
        var (exit, _, error) = await CliRunner.RunAsync("complete", "WO-2026-000001", "--on", "2026-11-29", option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith("estate-scheduler: " + message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCompletions_GoodAndRefusedRows_RecordsTheGoodOnesAndListsTheRefused()
    {
        var clean = await OrderAsync("block-clean");
        var gas = await OrderAsync("gas-safety");
        var file = Path.Combine(Path.GetTempPath(), $"completions-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n",
            "reference,contractor,date,outcome,category,note",
            $"{clean},sparkle,2026-11-29,done,,",
            $"{gas},sparkle,2026-11-29,no-access,,\"Not one of sparkle's, so refused\"",
            $"{gas},warmsafe,2026-11-29,defect,gas-heating-non-urgent,\"Radiator valve \"\"stiff\"\"\"",
            $"{clean},sparkle,2026-11-29,done,,",
            "WO-2026-999999,sparkle,2026-11-29,done,,") + "\r\n");
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync("import-completions", file);

            Assert.Equal(1, exit);
            Assert.Equal(
                [$"{file}:3: refused: Work order {gas} is not one of sparkle's orders.", $"{file}:6: refused: There is no work order WO-2026-999999."],
                error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{file}:2: Recorded: work order {clean} done on 2026-11-29.", lines[0]);
            Assert.StartsWith($"{file}:4: Recorded: work order {gas} done with a defect found on 2026-11-29. Raised WO-", lines[1], StringComparison.Ordinal);
            Assert.Equal($"{file}:5: Already recorded: work order {clean} done on 2026-11-29; nothing changed.", lines[2]);
            Assert.Equal("5 row(s): 2 recorded, 1 already recorded, 2 refused.", lines[3]);
            Assert.Equal(
                ["csv|defect|warmsafe|gas-heating-non-urgent|Radiator valve \"stiff\"", "csv|done|sparkle|∅|∅"],
                await _database.DataSource.RowsAsync($"SELECT e.source, e.outcome, e.contractor_id, e.defect_category, e.note FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE e.outcome IS NOT NULL AND w.reference IN ('{clean}', '{gas}') ORDER BY e.outcome"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ImportCompletions_MalformedFile_ListsFileLineColumnAndRecordsNothing()
    {
        var clean = await OrderAsync("block-clean");
        var file = Path.Combine(Path.GetTempPath(), $"completions-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, string.Join("\n",
            "reference,contractor,date,outcome",
            $"{clean},sparkle,2026-11-29,done",
            $"{clean},sparkle,29/11/2026,done",
            $"{clean},sparkle,2026-11-29,finished",
            $"{clean},sparkle,2026-11-29,\"done"));
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync("import-completions", file);

            Assert.Equal(1, exit);
            Assert.Empty(output);
            var lines = error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith($"{file}:3:{clean.Length + 10}: the date is not a date", StringComparison.Ordinal) && l.Contains("29/11/2026", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"{file}:4:{clean.Length + 21}: the outcome is not known", StringComparison.Ordinal) && l.Contains("finished", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"{file}:5:{clean.Length + 21}:", StringComparison.Ordinal));
            Assert.EndsWith("problem(s) found; nothing was recorded.", lines[^1], StringComparison.Ordinal);
            Assert.Equal(0, await _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE e.outcome IS NOT NULL AND w.reference = '{clean}'"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ApiKey_CreateListRevoke_ShowsTheKeyOnceAndStoresOnlyItsHash()
    {
        var create = await CliRunner.RunAsync("apikey", "create", "warmsafe");
        var key = create.Out.Trim();
        var id = key.Substring(4, 16);
        var listed = await CliRunner.RunAsync("apikey", "list");
        var revoke = await CliRunner.RunAsync("apikey", "revoke", id);
        var revokeAgain = await CliRunner.RunAsync("apikey", "revoke", id);
        var unknown = await CliRunner.RunAsync("apikey", "create", "nobody");

        Assert.Equal(0, create.Exit);
        Assert.Matches("^esk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains($"API key {id} made for warmsafe", create.Error, StringComparison.Ordinal);
        Assert.Equal(0, listed.Exit);
        Assert.Contains(id, listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Out, StringComparison.Ordinal);
        Assert.Contains("active", listed.Out, StringComparison.Ordinal);
        Assert.Equal((0, $"API key {id} revoked." + Environment.NewLine, string.Empty), revoke);
        Assert.Equal(1, revokeAgain.Exit);
        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("'nobody' is not a contractor in", unknown.Error, StringComparison.Ordinal);
        var stored = await _database.DataSource.RowsAsync($"SELECT id, contractor_id, key_hash, revoked_at IS NOT NULL FROM api_keys WHERE id = '{id}'");
        var row = Assert.Single(stored);
        Assert.StartsWith($"{id}|warmsafe|sha256.", row, StringComparison.Ordinal);
        Assert.DoesNotContain(key[22..], row, StringComparison.Ordinal);
        Assert.EndsWith("|True", row, StringComparison.Ordinal);
    }

    /// <summary>
    /// One database for the class: the sample register imported and the shipped config applied as of 23 November 2026.
    /// Each test points the process's ConnectionStrings__Estate at it while it runs (the collection runs one at a time).
    /// </summary>
    public sealed class SampleDatabase : IAsyncLifetime
    {
        private readonly HashSet<string> _taken = [];
        private string? _previous;

        public EstateTestDatabase Database { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Database = await EstateTestDatabase.CreateAsync();
            Use();
            try
            {
                Assert.Equal(0, (await CliRunner.RunAsync("import", "--estate", "config/sample", "--as-of", "2026-11-23")).Exit);
                Assert.Equal(0, (await CliRunner.RunAsync("apply", "--as-of", "2026-11-23")).Exit);
            }
            finally
            {
                Release();
            }
        }

        public async Task DisposeAsync() => await Database.DisposeAsync();

        public EstateTestDatabase Use()
        {
            _previous = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable);
            Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, Database.ConnectionString);
            return Database;
        }

        public void Release() => Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _previous);

        public async Task<string> TakeAsync(string service)
        {
            var rows = await Database.DataSource.RowsAsync(
                $"SELECT reference FROM work_orders WHERE service = '{service}' AND status = 'planned' AND window_start <= '2026-11-29' ORDER BY id");
            return rows.First(_taken.Add);
        }
    }
}
