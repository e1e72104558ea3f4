using Scheduler.Domain;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Tests.Preview;

public sealed class CsvPreviewRendererTests
{
    [Fact]
    public void Render_WritesHeaderThenOneRowPerOccurrenceInOrder()
    {
        var csv = PreviewSamples.Render("csv", PreviewSamples.Model());

        Assert.Equal(
            "schedule,service,asset,window_start,window_end,target_date,contractor,parent\n"
            + "grass,grass-cut,S1,2025-04-01,2025-04-15,2025-04-07,greenco,\n"
            + "grass,path-sweep,S1,2025-04-08,2025-04-22,2025-04-09,greenco,grass/S1/2025-04-01/grass-cut\n"
            + "grass,grass-cut,S2,2025-04-16,2025-04-30,2025-04-16,,\n"
            + "clean,communal-clean,B1,2025-04-07,2025-04-11,2025-04-08,shine,\n",
            csv);
    }

    [Fact]
    public void Render_NoOccurrences_WritesHeaderOnly()
    {
        var csv = PreviewSamples.Render("csv", PreviewSamples.Model(occurrences: []));

        Assert.Equal(CsvPreviewRenderer.Header + "\n", csv);
    }

    [Fact]
    public void Render_QuotesValuesThatNeedItAsRfc4180Says()
    {
        var window = PreviewSamples.Window(2025, 4, 1, 2025, 4, 2);
        Occurrence[] occurrences =
        [
            new("a,b", "say \"hi\"", "line\nbreak", window, window.Start, "cr\rhere"),
            new("plain", "svc", "A 1", window, window.Start, "semi;colon"),
        ];

        var csv = PreviewSamples.Render("csv", PreviewSamples.Model(occurrences: occurrences));

        Assert.Equal(
            CsvPreviewRenderer.Header + "\n"
            + "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",2025-04-01,2025-04-02,2025-04-01,\"cr\rhere\",\n"
            + "plain,svc,A 1,2025-04-01,2025-04-02,2025-04-01,semi;colon,\n",
            csv);
    }

    [Fact]
    public void Render_ParentKeyWithComma_IsQuoted()
    {
        var window = PreviewSamples.Window(2025, 4, 1, 2025, 4, 2);
        var parent = new Occurrence("s", "grass-cut", "A,1", window, window.Start);
        var child = new Occurrence("s", "path-sweep", "A,1", window, window.End, null, parent);

        var csv = PreviewSamples.Render("csv", PreviewSamples.Model(occurrences: [child]));

        Assert.EndsWith(",\"s/A,1/2025-04-01/grass-cut\"\n", csv, StringComparison.Ordinal);
    }
}
