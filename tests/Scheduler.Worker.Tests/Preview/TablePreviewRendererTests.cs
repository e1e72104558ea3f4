using Scheduler.Domain;

namespace Scheduler.Worker.Tests.Preview;

public sealed class TablePreviewRendererTests
{
    private static readonly string[] Columns =
        ["schedule", "service", "asset", "window_start", "window_end", "target_date", "contractor", "parent"];

    [Fact]
    public void Render_AlignsEveryValueUnderItsHeader()
    {
        var occurrences = PreviewSamples.Occurrences();

        var lines = PreviewSamples.Render("table", PreviewSamples.Model(occurrences)).Split('\n');

        var starts = Columns.Select(c => lines[0].IndexOf(c, StringComparison.Ordinal)).ToArray();
        Assert.All(starts, s => Assert.True(s >= 0));
        Assert.Equal(starts.Order(), starts);
        Assert.Matches("^[- ]+$", lines[1]);
        for (var i = 0; i < occurrences.Count; i++)
        {
            var o = occurrences[i];
            string[] expected =
            [
                o.ScheduleId, o.Service, o.AssetId, $"{o.Window.Start:uuuu-MM-dd}", $"{o.Window.End:uuuu-MM-dd}",
                $"{o.TargetDate:uuuu-MM-dd}", o.ContractorId ?? string.Empty, o.Parent?.Key ?? string.Empty,
            ];
            var line = lines[i + 2];
            for (var c = 0; c < Columns.Length; c++)
            {
                var end = c + 1 < Columns.Length ? starts[c + 1] : line.Length;
                var cell = line.Length > starts[c] ? line[starts[c]..Math.Min(end, line.Length)] : string.Empty;
                Assert.Equal(expected[c], cell.TrimEnd());
            }
        }
    }

    [Fact]
    public void Render_EndsWithTheCount()
    {
        var text = PreviewSamples.Render("table", PreviewSamples.Model());

        Assert.EndsWith("\n4 occurrences\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" \n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneOccurrence_SaysOccurrenceInTheSingular()
    {
        var text = PreviewSamples.Render("table", PreviewSamples.Model(PreviewSamples.Occurrences().Take(1).ToList()));

        Assert.EndsWith("\n1 occurrence\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ControlCharactersInAValue_DoNotBreakTheLayout()
    {
        var window = PreviewSamples.Window(2025, 4, 1, 2025, 4, 2);
        Occurrence[] occurrences = [new("s", "svc", "line\nbreak\there", window, window.Start)];

        var lines = PreviewSamples.Render("table", PreviewSamples.Model(occurrences)).Split('\n');

        Assert.Equal(5, lines.Length);
        Assert.Equal("1 occurrence", lines[3]);
        Assert.Contains("line break here", lines[2], StringComparison.Ordinal);
    }
}
