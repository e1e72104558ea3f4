using NodaTime;

using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Tests.Configuration;

/// <summary>The configuration shipped in <c>config/</c> loads cleanly and encodes the seed's commitments.</summary>
public class ShippedConfigTests
{
    private static readonly EstateConfiguration Config = LoadShipped();

    [Fact]
    public void Load_ShippedConfig_HasNoProblems()
    {
        var result = ConfigLoader.Load(RepositoryRoot.ConfigFolder);

        Assert.True(result.Problems.Count == 0, ConfigFixture.Describe(result));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Load_ShippedConfig_OrganisationAndHorizon()
    {
        Assert.Equal("Europe/London", Config.Organisation.TimeZone);
        Assert.Equal(BankHolidayRegion.EnglandAndWales, Config.Organisation.BankHolidays);
        Assert.False(string.IsNullOrWhiteSpace(Config.Organisation.Phone));
        Assert.EndsWith(".example", Config.Organisation.Email, StringComparison.Ordinal);
        Assert.Equal("estates.manager@examplehomes.example", Config.Organisation.DigestEmail);
        Assert.Equal("compliance@examplehomes.example", Config.Organisation.ComplianceEmail);
        Assert.Equal(Period.FromWeeks(8), Config.Horizon);
    }

    [Fact]
    public void Load_ShippedConfig_HasTheSeedsScheduleIdsAndServices()
    {
        var pairs = Config.Schedules.Select(s => $"{s.Id}:{s.Service}:{s.AppliesTo}").ToList();

        Assert.Equal(
            [
                "clean-weekly:block-clean:Block", "clean-fortnightly:block-clean:Block", "clean-monthly:block-clean:Block",
                "gas-safety:gas-safety:Property",
                "grass-cut:grass-cut:Site", "hedge-cut:hedge-cut:Site", "weed-control:weed-control:Site", "residual-spray:residual-spray:Site",
            ],
            pairs);
    }

    [Fact]
    public void Load_ShippedConfig_CleaningRules()
    {
        var weekly = Assert.IsType<WeeklyRule>(Assert.Single(Config.FindSchedule("clean-weekly")!.Recurrence));
        var fortnightly = Assert.IsType<WeeklyRule>(Assert.Single(Config.FindSchedule("clean-fortnightly")!.Recurrence));
        var monthly = Assert.IsType<MonthlyRule>(Assert.Single(Config.FindSchedule("clean-monthly")!.Recurrence));

        Assert.Equal((1, IsoDayOfWeek.Tuesday, (LocalDate?)null), (weekly.EveryWeeks, weekly.Day, weekly.From));
        Assert.Equal((2, IsoDayOfWeek.Wednesday, (LocalDate?)new LocalDate(2027, 1, 6)), (fortnightly.EveryWeeks, fortnightly.Day, fortnightly.From));
        Assert.Equal((1, 1), (monthly.EveryMonths, monthly.FromMonth));
        Assert.Equal("weekly", Config.FindSchedule("clean-weekly")!.Where["cleaning"]);
        Assert.Equal("fortnightly", Config.FindSchedule("clean-fortnightly")!.Where["cleaning"]);
        Assert.Equal("monthly", Config.FindSchedule("clean-monthly")!.Where["cleaning"]);
    }

    [Fact]
    public void Load_ShippedConfig_GrassIsFourteenVisitsWithASweepAfterEach()
    {
        var grass = Config.FindSchedule("grass-cut")!;
        var rules = grass.Recurrence.Cast<MonthsRule>().ToList();

        Assert.Equal(14, rules.Sum(r => r.Months.Count * r.PerMonth));
        Assert.Equal([3, 10], rules[0].Months);
        Assert.Equal(1, rules[0].PerMonth);
        Assert.Equal([4, 5, 6, 7, 8, 9], rules[1].Months);
        Assert.Equal(2, rules[1].PerMonth);
        Assert.Equal("true", grass.Where["grass"]);
        var sweep = Assert.Single(grass.FollowUps);
        Assert.Equal(("path-sweep", 1), (sweep.Service, sweep.WorkingDays));
    }

    [Fact]
    public void Load_ShippedConfig_HedgesInFebruaryAndLateAugustWithARecordedOverride()
    {
        var hedge = Config.FindSchedule("hedge-cut")!;
        var rules = hedge.Recurrence.Cast<MonthsRule>().ToList();

        Assert.True(Config.FindService("hedge-cut")!.NestingSensitive);
        Assert.Equal([2], rules[0].Months);
        Assert.Equal(TargetPlacement.Start, rules[0].Target);
        Assert.Equal([8], rules[1].Months);
        Assert.Equal(TargetPlacement.End, rules[1].Target);
        Assert.Equal([8], hedge.NestingSeason!.AllowMonths);
        Assert.False(string.IsNullOrWhiteSpace(hedge.NestingSeason.Reason));
    }

    [Fact]
    public void Load_ShippedConfig_WeedControlAndResidualSpray()
    {
        var weed = Assert.IsType<MonthlyRule>(Assert.Single(Config.FindSchedule("weed-control")!.Recurrence));
        var spray = Assert.IsType<MonthsRule>(Assert.Single(Config.FindSchedule("residual-spray")!.Recurrence));

        Assert.Equal([1, 3, 5, 7, 9, 11], Enumerable.Range(1, 12).Where(weed.HasVisitIn));
        Assert.Equal([3, 9], spray.Months);
    }

    [Fact]
    public void Load_ShippedConfig_GasSafetyFloatsTwelveMonthsWithAppointments()
    {
        var gas = Config.FindSchedule("gas-safety")!;
        var rule = Assert.IsType<FloatingRule>(Assert.Single(gas.Recurrence));

        Assert.Equal((Period.FromMonths(12), Period.FromMonths(2), "last_gas_check"), (rule.After, rule.EarlyWindow, rule.LastDoneColumn));
        Assert.Equal("true", gas.Where["gas"]);
        Assert.Equal(["AM", "PM"], gas.Appointment!.Slots);
        Assert.Equal((Period.FromDays(14), 3), (gas.Appointment.Notice, gas.Appointment.Attempts));
        Assert.Equal("08:00–12:00", gas.Appointment.HoursOf("AM")?.ToString());
        Assert.Equal("12:00–17:00", gas.Appointment.HoursOf("PM")?.ToString());
    }

    [Fact]
    public void Load_ShippedConfig_GroundsVisitsCarryTheHardstandingLine()
    {
        foreach (var id in new[] { "grass-cut", "hedge-cut", "weed-control", "residual-spray", "path-sweep" })
        {
            Assert.Contains("Hardstanding kept weed and litter free", Config.FindService(id)!.Checklist);
        }
    }

    [Fact]
    public void Load_ShippedConfig_ImprovementLifetimes()
    {
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["kitchen"] = 20, ["bathroom"] = 30, ["boiler"] = 15, ["heating-distribution"] = 40, ["electrics"] = 30,
                ["windows"] = 30, ["external-doors"] = 30, ["roof"] = 50, ["home-mot"] = 10,
            },
            Config.ImprovementLifetimes);
    }

    [Fact]
    public void Load_ShippedConfig_ExactlyOneContractorPerServiceAndArea()
    {
        foreach (var service in Config.Services)
        {
            foreach (var area in new[] { "north", "south", "east" })
            {
                Assert.Single(Config.ContractorsFor(service.Id, area));
            }
        }

        Assert.Equal(DispatchMode.Weekly, Config.Contractors.Single(c => c.Services.Contains("grass-cut")).Dispatch);
    }

    [Fact]
    public void Load_ShippedConfig_EveryFileNamesTheSchema()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.ConfigFolder, "*.yaml"))
        {
            Assert.StartsWith("# yaml-language-server: $schema=schema/estate-config.schema.json", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_ShippedConfig_VersionIsAShortLowerCaseHash()
    {
        Assert.Matches("^[0-9a-f]{12}$", Config.Version);
    }

    private static EstateConfiguration LoadShipped()
    {
        var result = ConfigLoader.Load(RepositoryRoot.ConfigFolder);
        return result.Configuration ?? throw new InvalidOperationException(ConfigFixture.Describe(result));
    }
}
