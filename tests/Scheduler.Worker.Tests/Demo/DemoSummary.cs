using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Worker.Tests.Demo;

/// <summary>
/// The demo's printed summary, read back: the orders table and the messages table, cell by cell, the contractors'
/// reports by outcome, repairs raised, completed and late, and BS01.
/// </summary>
internal sealed record DemoSummary(
    IReadOnlyDictionary<(string Service, string Column), int> Orders,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<(string Kind, string Status), int> Messages,
    int EmlFiles)
{
    /// <summary>Visits recorded: total, done, no access, defect.</summary>
    public (int Total, int Done, int NoAccess, int Defect) Visits { get; init; }

    /// <summary>Repairs raised from defects, completed, and completed after their SLA deadline.</summary>
    public (int Raised, int Completed, int Late) Repairs { get; init; }

    /// <summary>Gas homes escalated to the compliance manager.</summary>
    public int Escalated { get; init; }

    /// <summary>BS01 as printed: gas homes in date, gas homes.</summary>
    public (int InDate, int Total) Bs01 { get; init; }

    public static DemoSummary Parse(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var (columns, orders) = Table(lines, "Work orders created", "service");
        var (statuses, messages) = Table(lines, "Messages in the outbox", "kind");
        var eml = lines.Single(l => l.StartsWith("Emails written to the pickup folder: ", StringComparison.Ordinal));
        var files = int.Parse(eml.Split(' ')[6], CultureInfo.InvariantCulture);
        var visits = Numbers(lines, @"^Contractors' reports recorded \(simulated, seed \d+, [^)]*\): (\d+) visits: (\d+) done, (\d+) no access, (\d+) done with a defect\.$");
        var repairs = Numbers(lines, @"^Repairs raised from defects: (\d+); repairs completed: (\d+), (\d+) of them after their SLA deadline\.$");
        var escalated = Numbers(lines, @"^Gas homes escalated to the compliance manager \(3 attempts without access, or a deadline the booking cannot meet\): (\d+)\.$");
        var bs01 = Numbers(lines, @"^BS01 on \d{4}-\d{2}-\d{2}: (\d+) of (\d+) gas homes have an in-date gas safety check");
        return new DemoSummary(
            orders.Where(o => o.Key.Column != "total").ToDictionary(o => o.Key, o => o.Value),
            [.. columns.Where(c => c != "total")],
            messages,
            files)
        {
            Visits = (visits[0], visits[1], visits[2], visits[3]),
            Repairs = (repairs[0], repairs[1], repairs[2]),
            Bs01 = (bs01[0], bs01[1]),
            Escalated = escalated[0],
        };
    }

    /// <summary>The numbers captured by <paramref name="pattern"/> on the one line it matches.</summary>
    private static int[] Numbers(List<string> lines, string pattern)
    {
        var matches = lines.Select(l => Regex.Match(l, pattern, RegexOptions.CultureInvariant)).Where(m => m.Success).ToList();
        Assert.True(matches.Count == 1, $"expected one line matching {pattern} in the summary, found {matches.Count}");
        return [.. matches[0].Groups.Values.Skip(1).Select(g => int.Parse(g.Value, CultureInfo.InvariantCulture))];
    }

    /// <summary>The table after the line starting with <paramref name="title"/>: its header's column names and every body cell (not the total row).</summary>
    private static (List<string> Columns, Dictionary<(string Row, string Column), int> Cells) Table(List<string> lines, string title, string firstHeader)
    {
        var start = lines.FindIndex(l => l.StartsWith(title, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no '{title}' in the summary");
        var header = lines[start + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(firstHeader, header[0]);
        var columns = header.Skip(1).ToList();
        var cells = new Dictionary<(string, string), int>();
        for (var i = start + 2; !lines[i].TrimStart().StartsWith("total ", StringComparison.Ordinal); i++)
        {
            var words = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(columns.Count + 1, words.Length);
            for (var c = 0; c < columns.Count; c++)
            {
                cells[(words[0], columns[c])] = int.Parse(words[c + 1], CultureInfo.InvariantCulture);
            }
        }

        return (columns, cells);
    }
}
