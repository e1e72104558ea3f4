using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Fuzzing;

/// <summary>
/// 1,000 damaged copies of the shipped email templates (one <c>.sbn</c> file mutated per case, in a throwaway copy of
/// the folder): the validator — which parses every template and renders every email with sample data under the
/// render limits — must answer each with problems that name a file of the folder (and a line, for anything inside a
/// template), or accept it; never an exception, never a hang.
/// </summary>
public class TemplateFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1_000;

    /// <summary>Far above any honest validation of the folder (tens of milliseconds); a case over it is a hang.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ValidateTemplates_MutatedShippedTemplates_LocatedProblemsNoCrashNoHang()
    {
        var seed = FuzzSeed.Value;
        using var folder = new TemplateFolder();
        var files = Directory.GetFiles(folder.Path, "*.sbn").Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Text: File.ReadAllText(path))).ToList();
        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        var mutator = new TextMutator(seed);
        var picker = new Random(seed);
        int refused = 0, accepted = 0, withLine = 0;
        var crashes = new List<string>();
        var unlocated = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var (path, original) = files[picker.Next(files.Count)];
            var (text, what) = mutator.Mutate(original);
            File.WriteAllText(path, text);
            var name = Path.GetFileName(path);
            try
            {
                IReadOnlyList<ConfigProblem> problems;
                try
                {
                    problems = await Task.Run(() => TemplateRenderer.ValidateTemplates(folder.Path)).WaitAsync(HangGuard);
                }
                catch (TimeoutException)
                {
                    crashes.Add($"seed {seed} case {i} ({name}: {what}): no answer within {HangGuard}");
                    break; // the hung validation still holds the folder
                }

                if (problems.Count == 0)
                {
                    accepted++;
                }
                else
                {
                    refused++;
                    withLine += problems.Any(p => p.Location.Line >= 1) ? 1 : 0;
                    unlocated.AddRange(problems.Where(p => !Located(p, folder.Path)).Select(p => $"case {i} ({name}: {what}): {p}"));
                }
            }
#pragma warning disable CA1031 // the point of the test: any exception is a finding, reported with the case that caused it
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes.Add($"seed {seed} case {i} ({name}: {what}): {e}");
            }
            finally
            {
                File.WriteAllText(path, original);
            }
        }

        output.WriteLine($"seed {seed}: {Cases} mutated templates, {refused} refused with located problems ({withLine} with a line), {accepted} still valid, {crashes.Count} crashes or hangs");
        Assert.True(crashes.Count == 0, string.Join('\n', crashes.Take(10)));
        Assert.True(unlocated.Count == 0, string.Join('\n', unlocated.Take(10)));
        Assert.Equal(Cases, refused + accepted);
        // Templates are mostly prose, where damage is harmless; a fuzzer whose damage was never noticed would prove nothing.
        Assert.True(refused > Cases / 4, $"only {refused} of {Cases} mutations were refused");
    }

    // A problem names a template file of the folder: at a line for what is inside it, at line 0 for the file as a whole
    // (its name, or a required file that is missing).
    private static bool Located(ConfigProblem problem, string folder) =>
        !string.IsNullOrWhiteSpace(problem.Message)
        && problem.Location.Line >= 0
        && string.Equals(Path.GetDirectoryName(Path.GetFullPath(problem.Location.File)), Path.GetFullPath(folder).TrimEnd('/'), StringComparison.Ordinal)
        && problem.Location.File.EndsWith(".sbn", StringComparison.Ordinal);
}
