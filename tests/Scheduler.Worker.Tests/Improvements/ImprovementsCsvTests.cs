using System.Globalization;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary>The CSV of <c>improvements --format csv</c> for the shipped config and sample register.</summary>
public class ImprovementsCsvTests
{
    private const string Header =
        "property_id,address,postcode,area_id,component,installed_year,lifetime_years,eligible_year,condition,status,programme_year,reason";

    [Fact]
    public async Task Csv_Sample_HeaderAndOneRowPerHomeAndComponent()
    {
        var (exit, output, error) = await SampleSchedule.RunAsync(2027, "csv");

        Assert.Equal((0, string.Empty), (exit, error));
        var lines = output.Split('\n');
        Assert.Equal(Header, lines[0]);
        Assert.Equal(string.Empty, lines[^1]); // ends with a line break
        var rows = Rows(output);
        Assert.Equal(SampleSchedule.Register.Homes.Count * 9, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (r[0], r[4])).Distinct().Count());
    }

    [Fact]
    public async Task Csv_Sample_KitchensOldestFirstThenConditionWithinCapacity()
    {
        var rows = Rows((await SampleSchedule.RunAsync(2027, "csv")).Out);
        var kitchens = rows.Where(r => r[4] == "kitchen").ToList();

        // Capacity 12. The eleven kitchens fitted 1995–1999 all go in 2027; of the three fitted in 2000, P076 has
        // condition 4 and P003 and P030 none, so P076 takes the twelfth place. Listed by area, then priority
        // (P051, condition 5, before P054, condition 2, both 1996; P032, condition 4, before P026, condition 3, both 1997).
        Assert.Equal(
            ["P057", "P051", "P054", "P047", "P077", "P078", "P064", "P001", "P032", "P026", "P033", "P076"],
            kitchens.Where(r => r[9] == "programmed").Select(r => r[0]));
        Assert.Contains("P076,\"9 Weaver's Lane, Sedgecombe\",ZZ2 6WL,south,kitchen,2000,20,2020,4,programmed,2027,", Lines(rows));

        // Every other kitchen eligible by 2027 (fitted 2007 or earlier) is deferred with the reason.
        var eligible = SampleSchedule.Register.Homes.Count(h => h.KitchenYear <= 2007);
        var reason = $"capacity for kitchen in 2027 is 12; {eligible - 12} homes deferred.";
        Assert.Contains($"P003,\"Flat 3, Ashworth House, 1 Ashworth Court, Hallowby\",ZZ1 4AS,north,kitchen,2000,20,2020,,deferred,2028,{reason}", Lines(rows));
        Assert.Equal(eligible - 12, kitchens.Count(r => r[9] == "deferred"));
        Assert.All(kitchens.Where(r => r[9] == "deferred"), r => Assert.StartsWith(reason, r[11], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Csv_Sample_UnknownYearIsSurveyNeeded()
    {
        var rows = Rows((await SampleSchedule.RunAsync(2027, "csv")).Out);

        Assert.Contains(
            "P060,\"Flat 3, Fernhill House, 7 Fernhill Close, Marrowfield\",ZZ3 6FG,east,kitchen,,20,,5,survey-needed,,Unknown: survey needed: kitchen_year is empty",
            Lines(rows));
        var surveys = rows.Where(r => r[9] == "survey-needed").ToList();
        Assert.Equal(
            SampleSchedule.Register.Homes.Sum(h => h.Attributes.Count(a => a.Key.EndsWith("_year", StringComparison.Ordinal) && a.Key != "last_gas_check" && a.Value.Length == 0)),
            surveys.Count);
        Assert.All(surveys, r => Assert.Equal((string.Empty, string.Empty, string.Empty), (r[5], r[7], r[10])));
    }

    [Fact]
    public async Task Csv_Sample_EveryRowFollowsTheRules()
    {
        var rows = Rows((await SampleSchedule.RunAsync(2027, "csv")).Out);
        var capacities = Scheduler.Worker.Configuration.ConfigLoader.Load(Path.Join(RepositoryRoot.Path, "config")).Configuration!.ImprovementCapacities;

        foreach (var r in rows.Where(r => r[5].Length > 0))
        {
            Assert.Equal(Int(r[5]) + Int(r[6]), Int(r[7])); // eligible = installed + lifetime
            if (Int(r[7]) <= 2027)
            {
                Assert.Contains(r[9], new[] { "programmed", "deferred" }); // every component has a capacity in the shipped config
            }
            else
            {
                Assert.Equal("not-yet-eligible", r[9]);
            }
        }

        foreach (var group in rows.Where(r => r[10].Length > 0).GroupBy(r => (r[4], r[10])))
        {
            Assert.True(group.Count() <= capacities[group.Key.Item1], $"{group.Key} has {group.Count()} homes");
        }

        Assert.All(rows.Where(r => r[9] == "programmed"), r => Assert.Equal(("2027", string.Empty), (r[10], r[11])));
        Assert.All(rows.Where(r => r[9] == "deferred"), r => Assert.True(Int(r[10]) > 2027 && r[11].StartsWith("capacity for ", StringComparison.Ordinal)));
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static IEnumerable<string> Lines(List<string[]> rows) => rows.Select(r => string.Join(',', r.Select(Quote)));

    private static string Quote(string field) => field.Contains(',', StringComparison.Ordinal) ? $"\"{field}\"" : field;

    /// <summary>The data rows, split into fields (quoted fields here hold commas only, never quotes or line breaks).</summary>
    private static List<string[]> Rows(string csv)
    {
        var rows = new List<string[]>();
        foreach (var line in csv.Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            foreach (var ch in line)
            {
                if (ch == '"')
                {
                    quoted = !quoted;
                }
                else if (ch == ',' && !quoted)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(ch);
                }
            }

            fields.Add(field.ToString());
            Assert.Equal(12, fields.Count);
            rows.Add([.. fields]);
        }

        return rows;
    }
}
