using Scheduler.Domain;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// <c>import-completions</c> prints its problems on stderr (the container's log): a note (a contractor's words about a home
/// and the people in it) is never quoted in one, nor a first line that is a visit's row (the header line left out); the
/// reference, contractor, date, outcome and category are (docs/feedback.md).
/// </summary>
public sealed class CompletionCsvPersonalTests
{
    private const string File = "visits.csv";

    [Fact]
    public void Read_SyntaxProblemInANote_NamesLineColumnAndTheNoteColumnWithoutItsText()
    {
        const string row = "WO-2026-000001,sparkle,2026-11-29,no-access,,Mrs \"Jane\" Hartley was out";
        var (_, problems) = CompletionCsv.Read($"reference,contractor,date,outcome,category,note\n{row}\n", File);

        var problem = Assert.Single(problems);
        Assert.Equal(new SourceLocation(File, 2, row.IndexOf('"', StringComparison.Ordinal) + 1), problem.Location);
        Assert.Equal($"note: a quote inside a field that does not start with a quote{CsvFile.NotShown}", problem.Message);
        Assert.Null(problem.Value);
        Assert.DoesNotContain("Mrs", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SyntaxProblemInAReference_IsStillQuoted()
    {
        var (_, problems) = CompletionCsv.Read("reference,contractor,date,outcome\nWO-2026\"-000001,sparkle,2026-11-29,done\n", File);

        var problem = Assert.Single(problems);
        Assert.Equal(new SourceLocation(File, 2, 8), problem.Location);
        Assert.Equal("reference: a quote inside a field that does not start with a quote", problem.Message);
        Assert.Equal("WO-2026\"", problem.Value);
    }

    [Fact]
    public void Read_HeaderLineLeftOut_OneProblemThatQuotesNothingOfTheRow()
    {
        var (rows, problems) = CompletionCsv.Read(
            "WO-2026-000001,sparkle,2026-11-29,no-access,,\"Jane Hartley's dog, \"Rex\", loose\"\nWO-2026-000002,sparkle,2026-11-29,done,,\n", File);

        Assert.Empty(rows);
        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.Location == new SourceLocation(File, 1, 1) && p.Message.StartsWith("the first line names none of the columns", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("Hartley", p.ToString(), StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("Rex", p.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnknownColumnOfARealHeader_IsStillQuoted()
    {
        var (_, problems) = CompletionCsv.Read("reference,contractor,date,outcome,notes\nWO-2026-000001,sparkle,2026-11-29,done,x\n", File);

        var problem = Assert.Single(problems);
        Assert.Equal("'notes' is not a column of a completions file", problem.Message);
        Assert.Equal("notes", problem.Value);
    }
}
