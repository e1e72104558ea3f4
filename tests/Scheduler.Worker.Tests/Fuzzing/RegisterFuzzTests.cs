using NodaTime;
using NodaTime.Testing;
using System.Text.RegularExpressions;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
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
/// every table exactly as it was (0 partial writes); a register that reads cleanly holds no date after the day it is
/// read as of. <c>ESTATE_FUZZ_SEED</c> explores other seeds.
/// </summary>
public partial class RegisterFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1_000;

    // The day every mutated register is read and imported as of.
    private static readonly LocalDate AsOf = new(2027, 1, 4);

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
        var files = SampleFiles();
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
                var loaded = RegisterLoader.Parse(input, "sample", AsOf);
                if (loaded.Register is null)
                {
                    refused++;
                    findings.AddRange(loaded.Problems.Where(p => !Located(p)).Select(p => $"{label}: unlocated problem {p}"));
                    continue;
                }

                findings.AddRange(FutureValues(loaded.Register).Select(v => $"{label}: read a value after the as-of date: {v}"));

                if (imported + refusedByDatabase >= FuzzSeed.ImportLimit)
                {
                    readOnly++;
                    continue;
                }

                var before = await FingerprintAsync(database);
                try
                {
                    await importer.ImportAsync(loaded.Register, "fuzz", AsOf);
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

    /// <summary>
    /// The typo the general mutations rarely make: one digit of a year in properties.csv changed (2025-11-03 typed
    /// 2027-11-03, 2009 typed 2029), in every date and year column. A register that still reads holds nothing after
    /// the as-of date; a year typed into the future is refused at its own cell, located like any other problem.
    /// </summary>
    [Fact]
    public void ReadPath_MistypedYearsInProperties_FutureOnesRefusedAtTheirCell()
    {
        var seed = FuzzSeed.Value;
        var files = SampleFiles();
        var properties = files[RegisterFiles.Properties];
        var years = YearPattern().Matches(properties);
        var random = new Random(seed);
        int accepted = 0, refusedAsFuture = 0, refusedOtherwise = 0;
        var findings = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var year = years[random.Next(years.Count)];
            var digit = year.Index + 2 + random.Next(2);
            var typed = (char)('0' + random.Next(10));
            var text = string.Concat(properties.AsSpan(0, digit), typed.ToString(), properties.AsSpan(digit + 1));
            var label = $"seed {seed} case {i} ({year.Value} at {year.Index} typed with {typed} in place of digit {digit - year.Index + 1})";
            var loaded = RegisterLoader.Parse(new Dictionary<string, string>(files, StringComparer.Ordinal) { [RegisterFiles.Properties] = text }, "sample", AsOf);
            if (loaded.Register is { } register)
            {
                accepted++;
                findings.AddRange(FutureValues(register).Select(v => $"{label}: read a value after the as-of date: {v}"));
                continue;
            }

            var line = 1 + properties.AsSpan(0, year.Index).Count('\n');
            var problem = Assert.Single(loaded.Problems);
            if (problem.Location.File != Path.Join("sample", RegisterFiles.Properties) || problem.Location.Line != line)
            {
                findings.Add($"{label}: refused at {problem.Location}, not at line {line}");
            }

            _ = problem.Message.Contains("after", StringComparison.Ordinal) ? refusedAsFuture++ : refusedOtherwise++;
        }

        output.WriteLine($"seed {seed}: 500 mistyped years, {accepted} still read (year in the past), {refusedAsFuture} refused as after the as-of date, "
            + $"{refusedOtherwise} refused otherwise (not a year), {findings.Count} findings");
        Assert.True(findings.Count == 0, string.Join('\n', findings.Take(10)));
        Assert.True(refusedAsFuture > 50, $"only {refusedAsFuture} of 500 typos put a year after the as-of date");
    }

    private static Dictionary<string, string> SampleFiles() => RegisterFiles.All.ToDictionary(
        name => name, name => File.ReadAllText(Path.Join(RepositoryRoot.SampleFolder, name)), StringComparer.Ordinal);

    /// <summary>Every home's date or year in the register that is after <see cref="AsOf"/> (its year, for a year).</summary>
    private static IEnumerable<string> FutureValues(EstateRegister register)
    {
        foreach (var home in register.Homes)
        {
            if (home.LastGasCheck > AsOf)
            {
                yield return $"{home.Id} last_gas_check {home.LastGasCheck}";
            }

            foreach (var (column, text) in home.Attributes)
            {
                if (column.EndsWith("_year", StringComparison.Ordinal) && ImprovementEligibility.TryParseYear(text, out var year) && year > AsOf.Year)
                {
                    yield return $"{home.Id} {column} {text}";
                }
            }

            if (new[] { home.KitchenYear, home.BathroomYear, home.BoilerYear }.Any(y => y > AsOf.Year))
            {
                yield return $"{home.Id} kitchen, bathroom or boiler year {home.KitchenYear}, {home.BathroomYear}, {home.BoilerYear}";
            }
        }
    }

    [GeneratedRegex(@"\b(?:19|20)\d\d\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();

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
