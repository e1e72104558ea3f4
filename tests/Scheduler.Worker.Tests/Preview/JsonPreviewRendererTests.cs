using System.Text.Json;
using NodaTime;
using Scheduler.Domain;

namespace Scheduler.Worker.Tests.Preview;

public sealed class JsonPreviewRendererTests
{
    private static readonly string[] StringFields = ["schedule", "service", "asset", "contractor"];

    [Fact]
    public void Render_RoundTripsThroughJsonDocument()
    {
        var occurrences = PreviewSamples.Occurrences();

        using var json = JsonDocument.Parse(PreviewSamples.Render("json", PreviewSamples.Model(occurrences)));

        var root = json.RootElement;
        Assert.Equal("2025-04-01", root.GetProperty("from").GetString());
        Assert.Equal("2025-06-30", root.GetProperty("to").GetString());
        Assert.Equal(occurrences.Count, root.GetProperty("count").GetInt32());
        var rows = root.GetProperty("occurrences").EnumerateArray().ToList();
        Assert.Equal(occurrences.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var o = occurrences[i];
            var row = rows[i];
            Assert.Equal(
                ["schedule", "service", "asset", "windowStart", "windowEnd", "targetDate", "contractor", "parent"],
                row.EnumerateObject().Select(p => p.Name));
            Assert.Equal(o.ScheduleId, row.GetProperty("schedule").GetString());
            Assert.Equal(o.Service, row.GetProperty("service").GetString());
            Assert.Equal(o.AssetId, row.GetProperty("asset").GetString());
            Assert.Equal($"{o.Window.Start:uuuu-MM-dd}", row.GetProperty("windowStart").GetString());
            Assert.Equal($"{o.Window.End:uuuu-MM-dd}", row.GetProperty("windowEnd").GetString());
            Assert.Equal($"{o.TargetDate:uuuu-MM-dd}", row.GetProperty("targetDate").GetString());
            Assert.Equal(o.ContractorId, row.GetProperty("contractor").GetString());
            Assert.Equal(o.Parent?.Key, row.GetProperty("parent").GetString());
        }
    }

    [Fact]
    public void Render_NoContractorOrParent_WritesNull()
    {
        using var json = JsonDocument.Parse(PreviewSamples.Render("json", PreviewSamples.Model()));

        var s2 = json.RootElement.GetProperty("occurrences")[2];
        Assert.Equal(JsonValueKind.Null, s2.GetProperty("contractor").ValueKind);
        Assert.Equal(JsonValueKind.Null, s2.GetProperty("parent").ValueKind);
    }

    [Fact]
    public void Render_AwkwardStrings_RoundTrip()
    {
        const string awkward = "Tŷ \"Newydd\" \\ </script> 🏠\n";
        var window = PreviewSamples.Window(2025, 4, 1, 2025, 4, 2);
        Occurrence[] occurrences = [new(awkward, awkward, awkward, window, window.Start, awkward)];

        var text = PreviewSamples.Render("json", PreviewSamples.Model(occurrences));

        using var json = JsonDocument.Parse(text);
        var row = json.RootElement.GetProperty("occurrences")[0];
        Assert.All(
            StringFields,
            name => Assert.Equal(awkward, row.GetProperty(name).GetString()));
        Assert.DoesNotContain("</script>", text, StringComparison.Ordinal);
        Assert.Contains("Tŷ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HundredThousandOccurrences_StreamsInChunks()
    {
        const int count = 100_000;
        var start = new LocalDate(2025, 1, 6);
        var occurrences = Enumerable.Range(0, count)
            .Select(i => new Occurrence("clean", "communal-clean", $"B{i}", new ServiceWindow(start, start.PlusDays(4)), start.PlusDays(1), "shine"))
            .ToList();
        using var output = new ChunkRecordingWriter();

        new Scheduler.Worker.Preview.JsonPreviewRenderer().Render(PreviewSamples.Model(occurrences), output);

        var text = output.ToString();
        using var json = JsonDocument.Parse(text);
        Assert.Equal(count, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(count, json.RootElement.GetProperty("occurrences").GetArrayLength());
        Assert.Equal("B99999", json.RootElement.GetProperty("occurrences")[count - 1].GetProperty("asset").GetString());
        Assert.True(output.Writes > 100, $"expected many chunks, got {output.Writes}");
        Assert.True(output.LargestWrite < text.Length / 100, $"largest chunk {output.LargestWrite} of {text.Length}");
    }

    /// <summary>A string writer that remembers how the text arrived.</summary>
    private sealed class ChunkRecordingWriter : StringWriter
    {
        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public override void Write(char[] buffer, int index, int count)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, count);
            base.Write(buffer, index, count);
        }
    }
}
