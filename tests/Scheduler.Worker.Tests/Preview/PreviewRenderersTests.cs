using NodaTime;
using Scheduler.Domain;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Tests.Preview;

public sealed class PreviewRenderersTests
{
    public static TheoryData<string> AllFormats => new(PreviewRenderers.Formats);

    [Fact]
    public void Formats_ListsTheFiveInHelpOrder()
    {
        Assert.Equal(["table", "csv", "json", "ics", "html"], PreviewRenderers.Formats);
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void For_EachFormat_ReturnsItsRenderer(string format)
    {
        var renderer = PreviewRenderers.For(format);

        Assert.Equal(format, renderer.Format);
        Assert.Contains("/", renderer.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CSV", "csv")]
    [InlineData(" Html ", "html")]
    public void For_IgnoresCaseAndSpaces(string typed, string expected)
    {
        Assert.Equal(expected, PreviewRenderers.For(typed).Format);
    }

    [Fact]
    public void For_UnknownFormat_NamesTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => PreviewRenderers.For("xml"));

        Assert.Contains("'xml'", error.Message, StringComparison.Ordinal);
        Assert.Contains("table, csv, json, ics, html", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Render_SameModelTwice_GivesTheSameText(string format)
    {
        var model = PreviewSamples.Model();

        Assert.Equal(PreviewSamples.Render(format, model), PreviewSamples.Render(format, model));
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Render_NeverShowsTenantData(string format)
    {
        Occurrence[] occurrences = [new("gas", "gas-safety", "H1", PreviewSamples.Window(2025, 3, 2, 2025, 4, 30), new LocalDate(2025, 4, 1))];

        var text = PreviewSamples.Render(format, PreviewSamples.Model(occurrences));

        Assert.Contains("H1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-Name", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant@", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PreviewModel_RangeEndingBeforeItStarts_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => PreviewSamples.Model(from: new LocalDate(2025, 5, 1), to: new LocalDate(2025, 4, 30)));
    }
}
