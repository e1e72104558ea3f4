using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Improvements;

/// <summary>The planned-improvement component columns of <c>homes</c>: imported from the register columns, read back, changes recorded.</summary>
public class HomeComponentsImportTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    [Fact]
    public async Task Import_ComponentColumns_FillTheTypedColumns()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        await new RegisterImporter(database.DataSource, Clock()).ImportAsync(Estate(changeHomes: WithComponents()), "first", AsOf);

        // H1 all given (the roof as an ISO date: only its year is kept); H2 a condition and nothing else; H3 and H4 none.
        Assert.Equal(
            ["H1|1987|1997|2001|2004|1994|2019|4", "H2|∅|∅|∅|∅|∅|∅|2", "H3|∅|∅|∅|∅|∅|∅|∅", "H4|∅|∅|∅|∅|∅|∅|∅"],
            await database.DataSource.RowsAsync(
                "SELECT id, heating_distribution_year, windows_year, external_doors_year, roof_year, electrics_year, home_mot_year, condition FROM homes ORDER BY id"));
    }

    [Fact]
    public async Task Import_ComponentColumns_ReadBackIntoTheHomesAttributes()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(database.DataSource, Clock()).ImportAsync(Estate(changeHomes: WithComponents()), "first", AsOf);
        await using var connection = await database.DataSource.OpenConnectionAsync();

        var read = await EstateRegisterReader.ReadAsync(connection, null);

        var h1 = read.Homes.Single(h => h.Id == "H1");
        Assert.Equal("1997", h1.Attributes["windows_year"]);
        Assert.Equal("2004-02-29", h1.Attributes["roof_year"]);
        Assert.Equal("4", h1.Attributes["condition"]);
    }

    [Fact]
    public async Task Import_ChangedComponentYear_RecordsTheColumnThatChanged()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var clock = Clock();
        var importer = new RegisterImporter(database.DataSource, clock);
        await importer.ImportAsync(Estate(changeHomes: WithComponents()), "first", AsOf);
        clock.AdvanceDays(7);

        // The windows of H1 were replaced in 2027, and H2's home MOT gave a worse score.
        var summary = await importer.ImportAsync(
            Estate(changeHomes: WithComponents(("H1", "windows_year", "2027"), ("H2", "condition", "5"))), "second", AsOf.PlusDays(7));

        Assert.Equal(2, summary.Updated);
        Assert.Equal(
            ["home|H1|updated|attributes,windows_year", "home|H2|updated|attributes,condition"],
            await database.DataSource.RowsAsync(
                $"SELECT entity, entity_id, change, fields FROM register_changes WHERE import_run_id = {summary.ImportRunId} ORDER BY entity_id"));
        Assert.Equal(["H1|2027|4", "H2|∅|5"],
            await database.DataSource.RowsAsync("SELECT id, windows_year, condition FROM homes WHERE id IN ('H1', 'H2') ORDER BY id"));
    }

    [Fact]
    public async Task Import_SameComponentsAgain_ChangesNothing()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, Clock());
        await importer.ImportAsync(Estate(changeHomes: WithComponents()), "first", AsOf);

        var again = await importer.ImportAsync(Estate(changeHomes: WithComponents()), "second", AsOf);

        Assert.Equal(0, again.Added + again.Updated + again.Deactivated + again.Reactivated);
    }

    /// <summary>H1 with every component column and a condition; H2 with only a condition; then any <paramref name="changes"/> (home, column, value).</summary>
    private static Func<IEnumerable<Home>, IEnumerable<Home>> WithComponents(params (string Home, string Column, string Value)[] changes) =>
        homes => homes.Select(h =>
        {
            var columns = h.Id switch
            {
                "H1" => new Dictionary<string, string>
                {
                    ["heating_distribution_year"] = "1987", ["windows_year"] = "1997", ["external_doors_year"] = "2001",
                    ["roof_year"] = "2004-02-29", ["electrics_year"] = "1994", ["home_mot_year"] = "2019", ["condition"] = "4",
                },
                "H2" => new Dictionary<string, string> { ["windows_year"] = string.Empty, ["condition"] = "2" },
                _ => [],
            };
            foreach (var change in changes.Where(c => c.Home == h.Id))
            {
                columns[change.Column] = change.Value;
            }

            var attributes = h.Attributes.ToDictionary();
            foreach (var (name, value) in columns)
            {
                attributes[name] = value;
            }

            return h with { Attributes = attributes };
        });
}
