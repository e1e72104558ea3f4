using System.Globalization;
using NodaTime;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// What a repair's notice shows of the defect's description (<see cref="OrderRepair.DefectShown"/>,
/// <see cref="OrderRepair.DefectText"/>): one line, at most 500 characters as a reader counts them, never a character cut
/// in half; "no description was given" when there is none.
/// </summary>
public sealed class OrderRepairTests
{
    private static readonly ZonedDateTime Reported = new LocalDateTime(2027, 3, 4, 10, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/London"]);

    private static OrderRepair Repair(string? defect) =>
        new("repairs-routine", "Routine repairs", "Complete within 17 days", false, Reported, Reported.PlusHours(24 * 17), defect);

    [Theory]
    [InlineData(null)]
    [InlineData("\u0007\u001b")] // control characters only: nothing a reader could read
    public void DefectText_NoDescription_SaysSo(string? defect)
    {
        Assert.Null(Repair(defect).DefectShown);
        Assert.Equal("no description was given", Repair(defect).DefectText);
    }

    [Fact]
    public void DefectShown_LineBreaksTabsAndControlCharacters_BecomeOneSpaceEach()
    {
        Assert.Equal("Leak under the sink; tap drips", Repair("Leak\r\nunder the\n\n\tsink;\u0007 tap\u2028drips").DefectShown);
    }

    [Fact]
    public void DefectShown_ExactlyTheLimit_IsKeptWhole()
    {
        var defect = string.Concat(Enumerable.Repeat("💧", OrderRepair.MaxDefectShown));

        Assert.Equal(defect, Repair(defect).DefectShown);
    }

    [Fact]
    public void DefectShown_OverTheLimit_IsCutAtASpaceAndMarked()
    {
        var defect = string.Concat(Enumerable.Repeat("leak in roof ", 100)); // 1,300 characters

        var shown = Repair(defect).DefectShown!;

        Assert.EndsWith("roof leak… (shortened: the CSV file has the whole description)", shown, StringComparison.Ordinal);
        var kept = shown[..^OrderRepair.ShortenedMark.Length];
        Assert.InRange(kept.Length, 400, OrderRepair.MaxDefectShown);
        Assert.StartsWith(kept, defect, StringComparison.Ordinal);
    }

    [Fact]
    public void DefectShown_OverTheLimitWithoutSpaces_NeverCutsACharacterInHalf()
    {
        // A family emoji is seven UTF-16 units (four people joined by three zero-width joiners): one character to a reader.
        const string family = "👨‍👩‍👧‍👦";
        var defect = "x" + string.Concat(Enumerable.Repeat(family, 600));

        var kept = Repair(defect).DefectShown![..^OrderRepair.ShortenedMark.Length];

        Assert.Equal(OrderRepair.MaxDefectShown, new StringInfo(kept).LengthInTextElements);
        Assert.Equal("x" + string.Concat(Enumerable.Repeat(family, OrderRepair.MaxDefectShown - 1)), kept);
    }
}
