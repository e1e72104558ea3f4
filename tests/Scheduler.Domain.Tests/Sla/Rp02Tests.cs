using NodaTime;

using Scheduler.Domain.Sla;

using static Scheduler.Domain.Tests.Sla.SlaTime;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Sla;

public sealed class Rp02Tests
{
    // The reporting year 2026/27: 1 April 2026 to 1 April 2027, London midnights (end exclusive).
    private static readonly Interval Year2026 = new(London.AtStartOfDay(D("2026-04-01")).ToInstant(), London.AtStartOfDay(D("2027-04-01")).ToInstant());

    // A small hand-built year; each line says whether RP02 counts it and why, so the answer can be checked by eye.
    private static readonly RepairRecord[] Repairs =
    [
        // Emergency side: 3 counted, 2 within target.
        Repair(RepairCategory.Emergency, "2026-10-25T00:30+01", "2026-10-25T03:00Z"), // due 03:30 GMT on the change day: within
        Repair(RepairCategory.GasHeatingAttend, "2026-12-24T20:00", "2026-12-25T01:30"), // due 02:00: within
        Repair(RepairCategory.Emergency, "2027-01-10T10:00", "2027-01-10T14:05"), // due 14:00: late
        Repair(RepairCategory.Emergency, "2027-03-31T22:00", "2027-04-01T01:00"), // completed after the year: not counted
        Repair(RepairCategory.Emergency, "2027-02-01T10:00", null), // still open: not counted

        // Non-emergency side: 7 counted, 5 within target.
        Repair(RepairCategory.Routine, "2026-03-20T10:00", "2026-04-05T10:00"), // raised last year, completed this year: due 6 Apr, within
        Repair(RepairCategory.Routine, "2026-12-20T10:00", "2027-01-07T10:00"), // due 6 Jan: late
        Repair(RepairCategory.External, "2026-06-01T10:00", "2026-07-01T16:00"), // due 1 Jul: within
        Repair(RepairCategory.Major, "2026-09-01T10:00", "2026-11-01T10:00"), // due 31 Oct: late
        Repair(RepairCategory.GasHeatingCombiBoiler, "2026-12-22T10:00", "2026-12-27T10:00"), // due Sun 27 Dec: within
        Repair(RepairCategory.GasHeatingNonUrgent, "2027-02-01T10:00", "2027-02-10T10:00"), // due 16 Feb: within
        Repair(RepairCategory.Routine, "2027-01-04T10:00", "2027-01-21T23:00"), // due 21 Jan: within
        Repair(RepairCategory.GasHeatingSolidFuelOilSolar, "2027-03-22T10:00", "2027-04-01T09:00"), // completed after the year: not counted
        Repair(RepairCategory.Routine, "2026-03-01T10:00", "2026-03-31T10:00"), // completed before the year: not counted
        Repair(RepairCategory.Routine, "2027-03-01T10:00", null), // still open: not counted
    ];

    [Fact]
    public void Calculate_HandBuiltYear_KnownAnswers()
    {
        var rp02 = Rp02.Calculate(Repairs, Year2026);

        Assert.Equal(new Rp02Measure(Completed: 3, WithinTarget: 2), rp02.Emergency);
        Assert.Equal(66.7m, rp02.Emergency.Percentage);
        Assert.Equal(new Rp02Measure(Completed: 7, WithinTarget: 5), rp02.NonEmergency);
        Assert.Equal(71.4m, rp02.NonEmergency.Percentage);
    }

    [Fact]
    public void Calculate_CompletedExactlyAtTheYearsEnd_BelongsToTheNextYear()
    {
        var end = Year2026.End;
        var repair = new RepairRecord(RepairCategory.Routine, end - Duration.FromDays(3), end, end + Duration.FromDays(10));

        Assert.Equal(0, Rp02.Calculate([repair], Year2026).NonEmergency.Completed);
        Assert.Equal(1, Rp02.Calculate([repair with { Completed = end - Duration.Epsilon }], Year2026).NonEmergency.Completed);
    }

    [Fact]
    public void Calculate_NoRepairs_NoProportion()
    {
        var rp02 = Rp02.Calculate([], Year2026);

        Assert.Equal(default, rp02.Emergency);
        Assert.Null(rp02.Emergency.Percentage);
        Assert.Null(rp02.NonEmergency.Percentage);
    }

    [Fact]
    public void Calculate_InvalidCategory_Throws()
    {
        var at = Year2026.Start + Duration.FromDays(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => Rp02.Calculate([new RepairRecord(RepairCategory.Invalid, at, at, at)], Year2026));
    }

    [Theory]
    [InlineData(3, 2, "66.7")]
    [InlineData(7, 5, "71.4")]
    [InlineData(8, 1, "12.5")]
    [InlineData(16, 1, "6.3")] // 6.25: halves round away from zero
    [InlineData(16, 15, "93.8")] // 93.75
    [InlineData(3, 3, "100.0")]
    [InlineData(4, 0, "0.0")]
    [InlineData(2000, 1999, "100.0")] // 99.95 rounds up to 100.0
    [InlineData(2000, 1998, "99.9")]
    public void Percentage_OneDecimalPlace(int completed, int within, string expected)
    {
        var percentage = new Rp02Measure(completed, within).Percentage;

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), percentage);
    }

    [Theory]
    [InlineData(3, 2, "2 of 3 (66.7%)")]
    [InlineData(0, 0, "0 of 0")]
    public void ToString_CountsAndPercentage(int completed, int within, string expected)
    {
        Assert.Equal(expected, new Rp02Measure(completed, within).ToString());
    }

    private static RepairRecord Repair(RepairCategory category, string raised, string? completed)
    {
        var raisedAt = At(raised);
        var due = SlaCatalog.Defaults.ForRepair(category).Due(raisedAt, London, EnglandAndWales);
        return new RepairRecord(category, raisedAt, completed is null ? null : At(completed), due);
    }
}
