using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Hosting;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Fuzzing;

/// <summary>
/// 1,000 damaged copies of the sample register (one CSV file mutated per case), read as <c>import</c> reads them and,
/// when they read cleanly, imported (up to <c>ESTATE_FUZZ_IMPORTS</c>, default 100) into a real database that already holds the sample: every case ends in a
/// register or problems naming file, line and column — never an exception — and an import that is refused leaves
/// every table exactly as it was (0 partial writes). <c>ESTATE_FUZZ_SEED</c> explores other seeds.
/// </summary>
public class RegisterFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1_000;

    // Every table an import writes, compared whole before and after a refused import.
    private const string Fingerprint = """
        SELECT md5(concat_ws('|',
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM areas t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM sites t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM blocks t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM homes t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM tenants t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM import_runs t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM register_changes t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM work_orders t)))
        """;

    [Fact]
    public async Task ImportPath_MutatedSampleRegister_ClearErrorsNoCrashNoPartialWrite()
    {
        var seed = FuzzSeed.Value;
        await using var database = await SampleEstateDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, new FakeClock(TestWorker.Now));
        var files = RegisterFiles.All.ToDictionary(
            name => name, name => File.ReadAllText(Path.Join(RepositoryRoot.SampleFolder, name)), StringComparer.Ordinal);
        var mutator = new TextMutator(seed);
        var picker = new Random(seed);
        int refused = 0, imported = 0, refusedByDatabase = 0, readOnly = 0;
        var findings = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var target = RegisterFiles.All[picker.Next(RegisterFiles.All.Count)];
            var (text, what) = mutator.Mutate(files[target]);
            var input = new Dictionary<string, string>(files, StringComparer.Ordinal) { [target] = text };
            var label = $"seed {seed} case {i} ({target}: {what})";
            try
            {
                var loaded = RegisterLoader.Parse(input, "sample");
                if (loaded.Register is null)
                {
                    refused++;
                    findings.AddRange(loaded.Problems.Where(p => !Located(p)).Select(p => $"{label}: unlocated problem {p}"));
                    continue;
                }

                if (imported + refusedByDatabase >= FuzzSeed.ImportLimit)
                {
                    readOnly++;
                    continue;
                }

                var before = await FingerprintAsync(database);
                try
                {
                    await importer.ImportAsync(loaded.Register, "fuzz", new LocalDate(2027, 1, 4));
                    imported++;
                }
                catch (RegisterImportException e)
                {
                    refusedByDatabase++;
                    if (e.Problems.Count == 0 && string.IsNullOrWhiteSpace(e.Message))
                    {
                        findings.Add($"{label}: refused with no reason");
                    }

                    if (await FingerprintAsync(database) != before)
                    {
                        findings.Add($"{label}: the refused import changed the database");
                    }
                }
            }
#pragma warning disable CA1031 // the point of the test: any other exception is a finding, reported with its case
            catch (Exception e)
#pragma warning restore CA1031
            {
                findings.Add($"{label}: crashed with {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"seed {seed}: {Cases} mutated registers, {refused} refused by the reader, {refusedByDatabase} refused by the import "
            + $"(database unchanged), {imported} imported, {readOnly} read cleanly (import limit {FuzzSeed.ImportLimit}), {findings.Count} findings");
        Assert.True(findings.Count == 0, string.Join('\n', findings.Take(10)));
        Assert.Equal(Cases, refused + imported + refusedByDatabase + readOnly);
        Assert.True(refused > Cases / 2, $"only {refused} of {Cases} mutations were refused by the reader");
    }

    private static bool Located(ConfigProblem problem) =>
        RegisterFiles.All.Any(name => problem.Location.File.EndsWith(name, StringComparison.Ordinal))
        && problem.Location.Line >= 1
        && !string.IsNullOrWhiteSpace(problem.Message);

    private static async Task<string> FingerprintAsync(EstateTestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(Fingerprint);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
