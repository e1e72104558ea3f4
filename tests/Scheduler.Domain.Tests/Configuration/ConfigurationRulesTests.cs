using NodaTime;

using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Tests.Configuration;

public class ConfigurationRulesTests
{
    private static readonly SourceLocation RuleAt = new("grounds.yaml", 12, 17);
    private static readonly SourceLocation OverrideAt = new("grounds.yaml", 14, 20);
    private static readonly SourceLocation ScheduleAt = new("grounds.yaml", 8, 5);
    private static readonly Dictionary<string, string> NoFilter = [];

    [Theory]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { 1, 2, 9, 10, 11, 12 })]
    public void Check_NestingSensitiveOutsideTheSeason_IsFine(int[] months)
    {
        var config = Config(Hedges(new MonthsRule(months)));

        Assert.Empty(ConfigurationRules.Check(config));
    }

    [Theory]
    [InlineData(new[] { 3 }, "Mar")]
    [InlineData(new[] { 2, 5 }, "May")]
    [InlineData(new[] { 8 }, "Aug")]
    [InlineData(new[] { 2, 4, 6, 8, 10 }, "Apr, Jun, Aug")]
    public void Check_NestingSensitiveMonthsRuleInTheSeason_IsAnErrorAtTheRule(int[] months, string named)
    {
        var problem = Assert.Single(ConfigurationRules.Check(Config(Hedges(new MonthsRule(months)))));

        Assert.Equal(RuleAt, problem.Location);
        Assert.Equal(named, problem.Value);
        Assert.Contains("nesting-sensitive and may not be scheduled 1 March–31 August", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"allow: [{named}]", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 1, "Mar, May, Jul")]
    [InlineData(2, 2, "Apr, Jun, Aug")]
    [InlineData(6, 2, "Aug")]
    [InlineData(12, 1, null)]
    [InlineData(6, 3, "Mar")]
    public void Check_NestingSensitiveMonthlyRule_NamesTheMonthsItHits(int every, int from, string? named)
    {
        var problems = ConfigurationRules.Check(Config(Hedges(new MonthlyRule(every, from))));

        Assert.Equal(named, problems.SingleOrDefault()?.Value);
    }

    [Fact]
    public void Check_NestingSensitiveWeeklyOrFloatingRule_HitsTheWholeSeason()
    {
        var weekly = ConfigurationRules.Check(Config(Hedges(new WeeklyRule(1, IsoDayOfWeek.Monday, null))));
        var floating = ConfigurationRules.Check(Config(Hedges(new FloatingRule(Period.FromMonths(12), Period.FromMonths(2)))));

        Assert.Equal("Mar, Apr, May, Jun, Jul, Aug", Assert.Single(weekly).Value);
        Assert.Equal("Mar, Apr, May, Jun, Jul, Aug", Assert.Single(floating).Value);
    }

    [Fact]
    public void Check_EachOffendingRuleIsReportedAtItsOwnLocation()
    {
        var early = new MonthsRule([2, 3]) { Origin = new SourceLocation("grounds.yaml", 12, 9) };
        var late = new MonthsRule([8]) { Origin = new SourceLocation("grounds.yaml", 13, 9) };

        var problems = ConfigurationRules.Check(Config(Hedges(early, late)));

        Assert.Equal([(early.Origin, "Mar"), (late.Origin, "Aug")], problems.Select(p => (p.Location, p.Value)));
    }

    [Fact]
    public void Check_OverrideAllowingTheMonths_PermitsThem()
    {
        var hedges = Hedges(new MonthsRule([2]), new MonthsRule([8], target: TargetPlacement.End)) with
        {
            NestingSeason = new NestingSeasonOverride([8], "after a recorded nest check") { Origin = OverrideAt },
        };

        Assert.Empty(ConfigurationRules.Check(Config(hedges)));
    }

    [Fact]
    public void Check_OverrideAllowingSomeMonths_StillRefusesTheOthers()
    {
        var hedges = Hedges(new MonthsRule([5, 8])) with
        {
            NestingSeason = new NestingSeasonOverride([8], "after a recorded nest check") { Origin = OverrideAt },
        };

        var problem = Assert.Single(ConfigurationRules.Check(Config(hedges)));
        Assert.Equal((RuleAt, "May"), (problem.Location, problem.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Check_OverrideWithoutReason_IsAnErrorAtTheOverride(string reason)
    {
        var hedges = Hedges(new MonthsRule([8])) with { NestingSeason = new NestingSeasonOverride([8], reason) { Origin = OverrideAt } };

        var problem = Assert.Single(ConfigurationRules.Check(Config(hedges)));

        Assert.Equal(OverrideAt, problem.Location);
        Assert.StartsWith("schedule 'hedges': nestingSeason.allow needs a reason", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OverrideListingMonthsOutsideTheSeason_IsAnError()
    {
        var hedges = Hedges(new MonthsRule([2])) with { NestingSeason = new NestingSeasonOverride([2, 9], "winter") { Origin = OverrideAt } };

        var problem = Assert.Single(ConfigurationRules.Check(Config(hedges)));

        Assert.Equal((OverrideAt, "Feb, Sep"), (problem.Location, problem.Value));
    }

    [Fact]
    public void Check_ServiceThatIsNotNestingSensitive_MayRunAllSummer()
    {
        var grass = new Schedule("grass", "grass-cut", AssetKind.Site, NoFilter, [new MonthsRule([4, 5, 6, 7, 8], 2)], []);

        Assert.Empty(ConfigurationRules.Check(Config(grass)));
    }

    [Fact]
    public void Check_FollowUpServedByTheParentsContractor_IsFine()
    {
        var config = Config(GrassWithSweep()) with
        {
            Contractors = [Contractor("greenscape", ["grass-cut", "path-sweep"], ["north", "south"])],
        };

        Assert.Empty(ConfigurationRules.Check(config));
    }

    [Fact]
    public void Check_FollowUpNotServedByAParentContractor_NamesTheContractor()
    {
        var followUpAt = new SourceLocation("grounds.yaml", 16, 9);
        var config = Config(GrassWithSweep(followUpAt)) with
        {
            Contractors =
            [
                Contractor("greenscape", ["grass-cut", "path-sweep"], ["north"]),
                Contractor("mowall", ["grass-cut"], ["south"]),
                Contractor("sweepers", ["path-sweep"], ["south"]),
            ],
        };

        var problem = Assert.Single(ConfigurationRules.Check(config));

        Assert.Equal((followUpAt, "mowall"), (problem.Location, problem.Value));
        Assert.Equal(
            "schedule 'grass': the follow-up path-sweep is done by the contractor of the grass-cut visit, but mowall serves grass-cut and not path-sweep; add path-sweep to its services",
            problem.Message);
    }

    [Fact]
    public void CheckCoverage_OneContractorPerAreaWithAssets_IsFine()
    {
        var config = Config(Grass()) with
        {
            Contractors = [Contractor("greenscape", ["grass-cut"], ["north"]), Contractor("mowall", ["grass-cut"], ["south", "east"])],
        };

        Assert.Empty(ConfigurationRules.CheckCoverage(config, Register()));
    }

    [Fact]
    public void CheckCoverage_AreaWithNoContractor_CountsTheAssets()
    {
        var config = Config(Grass()) with { Contractors = [Contractor("greenscape", ["grass-cut"], ["south", "east"])] };

        var problem = Assert.Single(ConfigurationRules.CheckCoverage(config, Register()));

        Assert.Equal(ScheduleAt, problem.Location);
        Assert.Contains("no contractor serves grass-cut in area north (3 sites)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCoverage_AreaWithTwoContractors_IsAmbiguousAndNamesThem()
    {
        var config = Config(Grass()) with
        {
            Contractors =
            [
                Contractor("greenscape", ["grass-cut"], ["north", "south", "east"]),
                Contractor("mowall", ["grass-cut"], ["south"]),
            ],
        };

        var problem = Assert.Single(ConfigurationRules.CheckCoverage(config, Register()));

        Assert.Equal(ScheduleAt, problem.Location);
        Assert.Equal("greenscape, mowall", problem.Value);
        Assert.StartsWith("schedule 'grass': 2 contractors serve grass-cut in area south (1 site): greenscape, mowall", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCoverage_OnlyAreasWithMatchingAssetsNeedAContractor()
    {
        // East's only site has no grass, so east needs a grass contractor only when the schedule is unfiltered.
        var grassed = Grass() with { Where = new Dictionary<string, string> { ["grass"] = "true" } };
        var config = Config(grassed) with { Contractors = [Contractor("greenscape", ["grass-cut"], ["north", "south"])] };
        var unfiltered = config with { Schedules = [Grass()] };

        Assert.Empty(ConfigurationRules.CheckCoverage(config, Register()));
        Assert.Contains("in area east (1 site)", Assert.Single(ConfigurationRules.CheckCoverage(unfiltered, Register())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCoverage_ContractorAreaNotInTheRegister_IsReportedAtTheContractor()
    {
        var contractorAt = new SourceLocation("contractors.yaml", 3, 5);
        var config = Config(Grass()) with
        {
            Contractors = [Contractor("greenscape", ["grass-cut"], ["north", "south", "east", "nroth"]) with { Origin = contractorAt }],
        };

        var problem = Assert.Single(ConfigurationRules.CheckCoverage(config, Register()));

        Assert.Equal((contractorAt, "nroth", "north, south, east"), (problem.Location, problem.Value, problem.Accepted));
    }

    [Fact]
    public void CheckCoverage_BlocksAndPropertiesAreCountedByKind()
    {
        var clean = new Schedule("clean", "block-clean", AssetKind.Block, NoFilter, [new WeeklyRule(1, IsoDayOfWeek.Tuesday, null)], []);
        var gas = new Schedule("gas", "gas-safety", AssetKind.Property, new Dictionary<string, string> { ["gas"] = "TRUE" }, [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], []);
        var config = Config(clean, gas);

        var problems = ConfigurationRules.CheckCoverage(config, Register());

        Assert.Equal(
            ["no contractor serves block-clean in area north (2 blocks)", "no contractor serves gas-safety in area north (1 property)"],
            problems.Select(p => p.Message.Split(": ", 2)[1].Split(';')[0]));
    }

    [Fact]
    public void CheckReactiveCoverage_AreaVisitedWithoutARepairsContractor_IsReportedAtTheService()
    {
        var repairsAt = new SourceLocation("services.yaml", 40, 5);
        var config = Config(Grass()) with
        {
            Services = [.. Config().Services, new ServiceDefinition("repairs", "Repairs", [], false) { Origin = repairsAt }],
            Contractors = [Contractor("fixit", ["repairs"], ["north"]), Contractor("fixall", ["repairs"], ["north", "south"])],
        };

        var problem = Assert.Single(ConfigurationRules.CheckReactiveCoverage(config, Register(), "repairs", _ => true));

        Assert.Equal(repairsAt, problem.Location);
        Assert.StartsWith("service 'repairs': no contractor serves it in area east, where 1 visited asset(s) can report a defect", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckReactiveCoverage_OnlyTheChosenSchedulesVisits_AndAnUndeclaredServiceNeedsNothing()
    {
        var gas = new Schedule("gas", "gas-safety", AssetKind.Property, new Dictionary<string, string> { ["gas"] = "true" }, [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], []);
        var config = Config(Grass(), gas) with { Services = [.. Config().Services, new ServiceDefinition("gas-repair", "Heating repairs", [], false)] };

        var onlyGas = ConfigurationRules.CheckReactiveCoverage(config, Register(), "gas-repair", s => s.Id == "gas");
        var served = ConfigurationRules.CheckReactiveCoverage(config with { Contractors = [Contractor("heatco", ["gas-repair"], ["north"])] }, Register(), "gas-repair", s => s.Id == "gas");

        Assert.Equal("area north, where 1 visited asset(s)", Assert.Single(onlyGas).Message.Split(" serves it in ")[1].Split(" can ")[0]);
        Assert.Empty(served);
        Assert.Empty(ConfigurationRules.CheckReactiveCoverage(config, Register(), "repairs", _ => true));
    }

    private static Schedule Hedges(params RecurrenceRule[] rules) =>
        new("hedges", "hedge-cut", AssetKind.Site, NoFilter, [.. rules.Select(r => r.Origin == default ? r with { Origin = RuleAt } : r)], []) { Origin = ScheduleAt };

    private static Schedule Grass() =>
        new("grass", "grass-cut", AssetKind.Site, NoFilter, [new MonthsRule([3, 10])], []) { Origin = ScheduleAt };

    private static Schedule GrassWithSweep(SourceLocation followUpAt = default) =>
        Grass() with { FollowUps = [new FollowUpRule("path-sweep", 1) { Origin = followUpAt }] };

    private static Contractor Contractor(string id, string[] services, string[] areas) =>
        new(id, id, $"{id}@example.com", services, areas, DispatchMode.PerOrder);

    private static EstateConfiguration Config(params Schedule[] schedules) => new(
        new Organisation("Example Homes", "Europe/London", BankHolidayRegion.EnglandAndWales),
        Period.FromWeeks(8),
        [
            new ServiceDefinition("grass-cut", "Grass cutting", [], false),
            new ServiceDefinition("path-sweep", "Path sweeping", [], false),
            new ServiceDefinition("hedge-cut", "Hedge trimming", [], true),
            new ServiceDefinition("block-clean", "Block cleaning", [], false),
            new ServiceDefinition("gas-safety", "Gas safety check", [], false),
        ],
        [],
        schedules,
        new Dictionary<string, int>(),
        "test");

    /// <summary>Three grassed sites in north, one in south, an ungrassed one in east; two blocks and one gas home in north.</summary>
    private static EstateRegister Register()
    {
        static Site Site(string id, string area, bool grass) =>
            new(id, id, area, "ZZ1 1AA", grass, false, true, new Dictionary<string, string> { ["site_id"] = id, ["area_id"] = area, ["grass"] = grass ? "true" : "false" });
        static Block Block(string id) =>
            new(id, "s1", id, "north", CleaningFrequency.Weekly, new Dictionary<string, string> { ["block_id"] = id, ["cleaning"] = "weekly" });
        static Home Home(string id, bool gas) =>
            new(id, "b1", "s1", "1 Example Street", "ZZ1 1AA", "north", gas, null, null, null, null, new Dictionary<string, string> { ["property_id"] = id, ["gas"] = gas ? "true" : "false" });

        return new EstateRegister(
            [new Area("north", "North"), new Area("south", "South"), new Area("east", "East")],
            [Site("s1", "north", true), Site("s2", "north", true), Site("s3", "north", true), Site("s4", "south", true), Site("s5", "east", false)],
            [Block("b1"), Block("b2")],
            [Home("h1", true), Home("h2", false)],
            []);
    }
}
