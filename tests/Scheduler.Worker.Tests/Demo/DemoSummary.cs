using System.Globalization;

namespace Scheduler.Worker.Tests.Demo;

/// <summary>The demo's printed summary, read back: the orders table and the messages table, cell by cell.</summary>
internal sealed record DemoSummary(
    IReadOnlyDictionary<(string Service, string Column), int> Orders,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<(string Kind, string Status), int> Messages,
    int EmlFiles)
{
    public static DemoSummary Parse(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var (columns, orders) = Table(lines, "Work orders created", "service");
        var (statuses, messages) = Table(lines, "Messages in the outbox", "kind");
        var eml = lines.Single(l => l.StartsWith("Emails written to the pickup folder: ", StringComparison.Ordinal));
        var files = int.Parse(eml.Split(' ')[6], CultureInfo.InvariantCulture);
        return new DemoSummary(
            orders.Where(o => o.Key.Column != "total").ToDictionary(o => o.Key, o => o.Value),
            [.. columns.Where(c => c != "total")],
            messages,
            files);
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
