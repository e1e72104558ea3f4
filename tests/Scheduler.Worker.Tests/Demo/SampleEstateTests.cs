using Scheduler.Worker.Demo;

namespace Scheduler.Worker.Tests.Demo;

/// <summary><see cref="SampleEstate.MoveTo"/>: the demo's copy of the sample, its dates moved by whole years.</summary>
public sealed class SampleEstateTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("estate-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void MoveTo_DatesAndYearsMoved_QuotedCommasLeapDaysEmptyCellsAndOtherFilesKept()
    {
        var from = Directory.CreateDirectory(Path.Join(_root, "from")).FullName;
        File.WriteAllText(Path.Join(from, "properties.csv"), string.Join('\n',
            "property_id,address,last_gas_check,kitchen_year,bedrooms,roof_year",
            "P1,\"Flat 1, \"\"The Oaks\"\", Hallowby\",2024-02-29,1999,2,",
            "P2,2 Road,,2017-05-01,3,1998",
            "P3,3 Road,not a date,19x9,4,2001") + "\n");
        File.WriteAllText(Path.Join(from, "tenants.csv"), "tenant_id,name\nT1,\"Smith, Ann\"\n");
        var to = Path.Join(_root, "to");
        Directory.CreateDirectory(to);
        File.WriteAllText(Path.Join(to, "stale.csv"), "left,from,before\n");

        var moved = SampleEstate.MoveTo(from, to, 3);

        Assert.Equal(5, moved); // 2024-02-29, 1999, 2017-05-01 (a year column may hold a date), 1998, 2001: not the empty cells, the bedrooms or the mistyped cells
        Assert.Equal(
            string.Join('\n',
                "property_id,address,last_gas_check,kitchen_year,bedrooms,roof_year",
                "P1,\"Flat 1, \"\"The Oaks\"\", Hallowby\",2027-02-28,2002,2,",
                "P2,2 Road,,2020-05-01,3,2001",
                "P3,3 Road,not a date,19x9,4,2004") + "\n",
            File.ReadAllText(Path.Join(to, "properties.csv")));
        Assert.Equal("tenant_id,name\nT1,\"Smith, Ann\"\n", File.ReadAllText(Path.Join(to, "tenants.csv")));
        Assert.Equal(["properties.csv", "tenants.csv"], Directory.GetFiles(to).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Moved by no years, the copy of the shipped sample is the sample byte for byte: only the dates ever change.</summary>
    [Fact]
    public void MoveTo_TheShippedSampleByZeroYears_IsTheSampleByteForByte()
    {
        var sample = Path.Join(RepositoryRoot.Path, "config", "sample");
        var to = Path.Join(_root, "copy");

        SampleEstate.MoveTo(sample, to, 0);

        var files = Directory.GetFiles(sample, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("properties.csv", files);
        Assert.Equal(files, Directory.GetFiles(to).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Join(sample, f)), File.ReadAllBytes(Path.Join(to, f))));
    }

    /// <summary>The shipped sample moved one year on and back: every cell as it was (it has no 29 February).</summary>
    [Fact]
    public void MoveTo_TheShippedSampleOnAndBack_IsTheSample()
    {
        var sample = Path.Join(RepositoryRoot.Path, "config", "sample");
        var on = Path.Join(_root, "on");
        var back = Path.Join(_root, "back");

        var moved = SampleEstate.MoveTo(sample, on, 1);
        Assert.Equal(moved, SampleEstate.MoveTo(on, back, -1));

        Assert.True(moved > 100, $"{moved} dates moved");
        Assert.NotEqual(File.ReadAllText(Path.Join(sample, "properties.csv")), File.ReadAllText(Path.Join(on, "properties.csv")));
        Assert.Equal(File.ReadAllText(Path.Join(sample, "properties.csv")), File.ReadAllText(Path.Join(back, "properties.csv")));
    }
}
