using NodaTime;
using Scheduler.Domain.Compliance;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

public class Bs01Tests
{
    // Homes written "id=deadline" (empty deadline: no check known), separated by spaces.
    [Theory]
    [InlineData("A=2026-02-10 B=2026-02-09 C= D=2027-01-01", "2026-02-09", 3, 4, "C")]
    [InlineData("A=2026-02-10 B=2026-02-09 C= D=2027-01-01", "2026-02-10", 2, 4, "B C")] // deadline day still in date
    [InlineData("A=2026-02-10 B=2026-02-09 C= D=2027-01-01", "2026-02-11", 1, 4, "A B C")]
    [InlineData("A=2026-02-10 B=2026-02-09 C= D=2027-01-01", "2027-01-02", 0, 4, "A B C D")]
    [InlineData("Z=2026-05-01 Y=2026-05-01 X=2026-04-30", "2026-05-01", 2, 3, "X")]
    [InlineData("P1=", "2026-01-01", 0, 1, "P1")] // no record: without
    public void Compute_CountsInDateChecks(string homes, string asOf, int withCheck, int total, string without)
    {
        var result = Bs01.Compute(Parse(homes), D(asOf));
        Assert.Equal(withCheck, result.WithInDateCheck);
        Assert.Equal(total, result.Total);
        Assert.Equal((decimal)withCheck / total, result.Proportion);
        Assert.Equal(without.Split(' '), result.HomesWithout);
    }

    [Theory]
    [InlineData("A=2027-01-01 B=2027-01-01 C=2020-01-01", 66.7)]
    [InlineData("A=2027-01-01 B=2020-01-01", 50.0)]
    [InlineData("A=2027-01-01 B=2027-01-01 C=2027-01-01 D=2027-01-01 E=2027-01-01 F=2027-01-01 G=2027-01-01 H=2020-01-01", 87.5)]
    public void Percentage_RoundsToOnePlace(string homes, double percent) =>
        Assert.Equal((decimal)percent, Bs01.Compute(Parse(homes), D("2026-06-01")).Percentage());

    [Fact]
    public void Compute_NoGasHomesHasNoProportion()
    {
        var result = Bs01.Compute([], D("2026-06-01"));
        Assert.Equal(0, result.Total);
        Assert.Null(result.Proportion);
        Assert.Null(result.Percentage());
    }

    [Fact]
    public void Compute_RefusesARepeatedHome() =>
        Assert.Throws<ArgumentException>(() => Bs01.Compute(Parse("A=2027-01-01 A=2027-01-01"), D("2026-06-01")));

    private static List<(string HomeId, LocalDate? Deadline)> Parse(string homes) =>
    [
        .. homes.Split(' ').Select(h => h.Split('=')).Select(p => (p[0], p[1].Length == 0 ? (LocalDate?)null : D(p[1]))),
    ];
}
