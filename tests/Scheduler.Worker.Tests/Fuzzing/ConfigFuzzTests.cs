using Scheduler.Domain.Configuration;
using Scheduler.Worker.Configuration;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Fuzzing;

/// <summary>
/// 1,000 damaged copies of the shipped configuration (one file mutated per case): the loader must answer every one
/// with either a configuration or problems that each name a file and line of the input — never an exception.
/// Whole-line comments are removed first, so the mutations land on settings.
/// Set <c>ESTATE_FUZZ_SEED</c> to explore other seeds; the default seed keeps the test run repeatable.
/// </summary>
public class ConfigFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1_000;

    // The label ConfigLoader.Parse gives the folder when it is handed file texts rather than a directory.
    private const string Folder = "config";

    [Fact]
    public void Parse_MutatedShippedConfig_ClearErrorsAndNoCrash()
    {
        var seed = FuzzSeed.Value;
        var files = Directory.GetFiles(RepositoryRoot.ConfigFolder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path => (FileName: Path.GetFileName(path), Text: WithoutCommentLines(File.ReadAllText(path)))).ToList();
        var names = files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        var mutator = new TextMutator(seed);
        var picker = new Random(seed);
        int refused = 0, accepted = 0;
        var crashes = new List<string>();
        var unlocated = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var target = picker.Next(files.Count);
            var (text, what) = mutator.Mutate(files[target].Text);
            var input = files.Select((f, n) => n == target ? (f.FileName, text) : f).ToList();
            try
            {
                var result = ConfigLoader.Parse(input);
                if (result.Configuration is { } config && result.Problems.Count == 0)
                {
                    // Structurally valid: the cross-checks validate runs next must not crash either.
                    var problems = ConfigurationRules.Check(config);
                    if (problems.Count == 0)
                    {
                        accepted++;
                    }
                    else
                    {
                        refused++;
                    }

                    unlocated.AddRange(problems.Where(p => !Located(p, names)).Select(p => $"case {i} ({files[target].FileName}: {what}): {p}"));
                    continue;
                }

                refused++;
                unlocated.AddRange(result.Problems.Where(p => !Located(p, names)).Select(p => $"case {i} ({files[target].FileName}: {what}): {p}"));
            }
#pragma warning disable CA1031 // the point of the test: any exception is a finding, reported with the case that caused it
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes.Add($"seed {seed} case {i} ({files[target].FileName}: {what}): {e}");
            }
        }

        output.WriteLine($"seed {seed}: {Cases} mutated configs, {refused} refused with located problems, {accepted} still valid, {crashes.Count} crashes");
        Assert.True(crashes.Count == 0, string.Join('\n', crashes.Take(10)));
        Assert.True(unlocated.Count == 0, string.Join('\n', unlocated.Take(10)));
        Assert.Equal(Cases, refused + accepted);

        // Most damage must be noticed: a fuzzer whose mutations were all harmless would prove nothing.
        Assert.True(refused > Cases * 3 / 4, $"only {refused} of {Cases} mutations were refused");
    }

    // The shipped files are mostly explanation; damage to a comment proves nothing, so the fuzzer works on the rest.
    private static string WithoutCommentLines(string text) =>
        string.Join('\n', text.Split('\n').Where(line => line.TrimStart() is { Length: > 0 } t && !t.StartsWith('#')));

    // A problem names a line of one of the files, or (for something missing from every file, such as 'horizon'
    // when the file that set it no longer reads) the folder as a whole.
    private static bool Located(ConfigProblem problem, HashSet<string> names) =>
        !string.IsNullOrWhiteSpace(problem.Message)
        && (names.Contains(problem.Location.File) ? problem.Location.Line >= 1 : problem.Location is { File: Folder, Line: 0 });
}
