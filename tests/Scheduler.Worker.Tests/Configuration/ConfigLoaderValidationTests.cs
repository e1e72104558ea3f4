using Scheduler.Domain.Configuration;
using Scheduler.Worker.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Configuration;

/// <summary>
/// Each kind of mistake an estates manager can make is reported at its exact file, line and column, with the
/// value found and the accepted forms. Positions are 1-based; the comments show which character they point at.
/// </summary>
public class ConfigLoaderValidationTests
{
    private const string Rule = "    recurrence: { months: [Mar] }";

    [Fact]
    public void Parse_UnknownKey_ListsTheAcceptedKeysAndSuggestsTheCloseOne()
    {
        var result = ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurence: { months: [Mar] }
            """));

        Assert.Equal(2, result.Problems.Count);
        var missing = result.Problems[0];
        AssertAt(missing, "a.yaml", 2, 5); // the schedule mapping, after "  - "
        Assert.Equal("schedule 's1' is missing the required key 'recurrence'", missing.Message);
        var unknown = result.Problems[1];
        AssertAt(unknown, "a.yaml", 5, 5);
        Assert.Equal("unknown key 'recurence' in schedule 's1'; did you mean 'recurrence'?", unknown.Message);
        Assert.Equal("recurence", unknown.Value);
        Assert.Equal("id, service, appliesTo, where, recurrence, followUps, nestingSeason, appointment", unknown.Accepted);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ListsTheSections()
    {
        var problem = Single(ParseWithBase(("a.yaml", "horizons: 4 weeks\n")));

        AssertAt(problem, "a.yaml", 1, 1);
        Assert.Equal("organisation, horizon, services, contractors, schedules, improvements, sla", problem.Accepted);
        Assert.Contains("did you mean 'horizon'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongNodeTypes_NameWhatWasExpectedAndFound()
    {
        var result = ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                where: [grass]
                recurrence: Mar
            contractors: greenscape
            """));

        Assert.Equal(3, result.Problems.Count);
        AssertAt(result.Problems[0], "a.yaml", 5, 12); // [grass]
        Assert.Contains("must be a mapping", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("but this is a list", result.Problems[0].Message, StringComparison.Ordinal);
        AssertAt(result.Problems[1], "a.yaml", 6, 17); // Mar
        Assert.Contains("must be a rule (a mapping) or a list of rules", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal("Mar", result.Problems[1].Value);
        AssertAt(result.Problems[2], "a.yaml", 7, 14); // greenscape
        Assert.Equal("contractors must be a list (one '- item' a line, or [a, b]), but this is a single value", result.Problems[2].Message);
    }

    [Fact]
    public void Parse_BadHorizon_GivesTheAcceptedDurationForms()
    {
        var problem = Single(ConfigLoader.Parse([("org.yaml", """
            organisation: { name: Example Homes, timeZone: Europe/London, bankHolidays: england-and-wales }
            horizon: 8 wekks
            """)]));

        AssertAt(problem, "org.yaml", 2, 10);
        Assert.Equal("horizon is not a duration", problem.Message);
        Assert.Equal("8 wekks", problem.Value);
        Assert.Equal("N week(s), N month(s) or N day(s), where N is a whole number of at least 1, e.g. '2 weeks'", problem.Accepted);
    }

    [Fact]
    public void Parse_FollowUpDueInCalendarDays_AsksForWorkingDays()
    {
        var problem = Single(ParseWithBase(("a.yaml", $$"""
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
            {{Rule}}
                followUps:
                  - { service: path-sweep, due: 1 day }
            """)));

        AssertAt(problem, "a.yaml", 7, 37); // 1 day
        Assert.Equal("schedule 's1': followUps due cannot be counted in days", problem.Message);
        Assert.Equal("1 day", problem.Value);
        Assert.Equal("N working day(s), where N is a whole number of at least 1, e.g. '2 working days'", problem.Accepted);
    }

    [Fact]
    public void Parse_UnknownMonth_PointsAtTheMonth()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence: { months: [Mar, Octo] }
            """)));

        AssertAt(problem, "a.yaml", 5, 33); // Octo
        Assert.Equal("Octo", problem.Value);
        Assert.Equal("Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec (or the full name, e.g. September)", problem.Accepted);
    }

    [Fact]
    public void Parse_MonthAndDayNames_AnyCaseShortOrFull()
    {
        var result = ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence: { months: [march, OCT, September], perMonth: 2 }
              - id: s2
                service: block-clean
                appliesTo: blocks
                recurrence: { every: 1 week, on: thu }
            """));

        Assert.True(result.Succeeded, Describe(result));
    }

    [Theory]
    [InlineData("weekly", "", Contractor.DefaultProgrammeMaxOrders)]
    [InlineData("weekly", "programmeMaxOrders: 500", 500)]
    [InlineData("weekly", "programmeMaxOrders: 10000", 10_000)]
    public void Parse_ProgrammeMaxOrders_IsReadWithItsDefault(string dispatch, string line, int expected)
    {
        var result = ParseWithBase(("a.yaml", GroundsContractor(dispatch, line)));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(expected, Assert.Single(result.Configuration!.Contractors).ProgrammeMaxOrders);
    }

    [Theory]
    [InlineData("weekly", "0", "contractor 'greenscape': programmeMaxOrders must be a whole number from 1 to 10000", "1–10000")]
    [InlineData("weekly", "20000", "contractor 'greenscape': programmeMaxOrders must be a whole number from 1 to 10000", "1–10000")]
    [InlineData("per-order", "500", "contractor 'greenscape': programmeMaxOrders is for weekly dispatch only: a per-order contractor gets one email per order", "remove programmeMaxOrders, or set dispatch: weekly")]
    public void Parse_BadProgrammeMaxOrders_IsRefusedAtItsValue(string dispatch, string value, string message, string accepted)
    {
        var problem = Single(ParseWithBase(("a.yaml", GroundsContractor(dispatch, $"programmeMaxOrders: {value}"))));

        AssertAt(problem, "a.yaml", 8, 25);
        Assert.Equal((message, value, accepted), (problem.Message, problem.Value, problem.Accepted));
    }

    /// <summary>One contractor, <paramref name="line"/> its eighth line (column 5).</summary>
    private static string GroundsContractor(string dispatch, string line) => $$"""
        contractors:
          - id: greenscape
            name: Greenscape Grounds Ltd
            email: jobs@greenscape.example
            services: [grass-cut, path-sweep]
            areas: [north, south]
            dispatch: {{dispatch}}
            {{line}}
        """;

    [Theory]
    [InlineData("Saturday", "must be a working day: visits are not booked at weekends")]
    [InlineData("sun", "must be a working day: visits are not booked at weekends")]
    [InlineData("Tues", "is not a day of the week")]
    public void Parse_BadWeekday_IsRefusedWithTheWeekdays(string day, string reason)
    {
        var problem = Single(ParseWithBase(("a.yaml", $$"""
            schedules:
              - id: s1
                service: block-clean
                appliesTo: blocks
                recurrence: { every: 1 week, on: {{day}} }
            """)));

        AssertAt(problem, "a.yaml", 5, 38); // the day
        Assert.Equal($"schedule 's1': recurrence: on {reason}", problem.Message);
        Assert.Equal(day, problem.Value);
        Assert.Equal("Monday, Tuesday, Wednesday, Thursday, Friday (or Mon, Tue, Wed, Thu, Fri)", problem.Accepted);
    }

    [Theory]
    [InlineData("5 months", "does not repeat each year; the number of months must divide 12", "1, 2, 3, 4, 6 or 12 months")]
    [InlineData("1 year", "cannot be counted in years", "N week(s) or N month(s), where N is a whole number of at least 1, e.g. '2 weeks'")]
    [InlineData("fortnightly", "is not a duration", "N week(s) or N month(s), where N is a whole number of at least 1, e.g. '2 weeks'")]
    public void Parse_BadEvery_GivesTheAcceptedForms(string every, string reason, string accepted)
    {
        var problem = Single(ParseWithBase(("a.yaml", $$"""
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence: { every: {{every}} }
            """)));

        AssertAt(problem, "a.yaml", 5, 26); // the value of every
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
        Assert.Equal(every, problem.Value);
        Assert.Equal(accepted, problem.Accepted);
    }

    [Fact]
    public void Parse_EveryTwoWeeksWithoutFrom_IsReportedAtTheRule()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: block-clean
                appliesTo: blocks
                recurrence: { every: 2 weeks, on: Wednesday }
            """)));

        AssertAt(problem, "a.yaml", 5, 17); // the rule's {
        Assert.Equal("schedule 's1': recurrence: every 2 weeks needs 'from', the date of the first visit, to say which weeks", problem.Message);
    }

    [Fact]
    public void Parse_FromOfTheWrongKind_WeeksWantADateAndMonthsAMonth()
    {
        var result = ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: block-clean
                appliesTo: blocks
                recurrence: { every: 2 weeks, on: Wednesday, from: 06/01/2027 }
              - id: s2
                service: grass-cut
                appliesTo: sites
                recurrence: { every: 2 months, from: 2027-01-01 }
            """));

        Assert.Equal(2, result.Problems.Count);
        AssertAt(result.Problems[0], "a.yaml", 5, 56);
        Assert.Equal(("06/01/2027", "an ISO date yyyy-mm-dd, e.g. 2027-01-06"), (result.Problems[0].Value, result.Problems[0].Accepted));
        AssertAt(result.Problems[1], "a.yaml", 9, 42);
        Assert.Equal("schedule 's2': recurrence: from is not a month", result.Problems[1].Message);
    }

    [Fact]
    public void Parse_PerMonthOutOfRange_GivesTheRange()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence: { months: [Mar], perMonth: 5 }
            """)));

        AssertAt(problem, "a.yaml", 5, 44);
        Assert.Equal(("5", "1–4"), (problem.Value, problem.Accepted));
    }

    [Fact]
    public void Parse_TargetOnAWeeklyRule_IsRefused()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: block-clean
                appliesTo: blocks
                recurrence: { every: 1 week, on: Monday, target: end }
            """)));

        AssertAt(problem, "a.yaml", 5, 54); // end
        Assert.Contains("'target' applies to month rules", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownAppliesTo_ListsTheAssetKinds()
    {
        var problem = Single(ParseWithBase(("a.yaml", $"""
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: homes
            {Rule}
            """)));

        AssertAt(problem, "a.yaml", 4, 16);
        Assert.Equal(("homes", "sites, blocks, properties"), (problem.Value, problem.Accepted));
    }

    [Fact]
    public void Parse_WhereColumnNotInThatRegisterFile_ListsItsColumns()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: block-clean
                appliesTo: blocks
                where: { grass: true }
                recurrence: { every: 1 week, on: Tuesday }
            """)));

        AssertAt(problem, "a.yaml", 5, 14); // grass
        Assert.Equal("unknown key 'grass' in schedule 's1': where", problem.Message);
        Assert.Equal("block_id, site_id, name, area_id, cleaning", problem.Accepted);
    }

    [Theory]
    [InlineData("grass: yes", "true, false")]
    [InlineData("cleaning: daily", "weekly, fortnightly, monthly, none")]
    public void Parse_WhereValueOfTheWrongKind_GivesTheColumnsValues(string filter, string accepted)
    {
        var kind = filter.StartsWith("grass", StringComparison.Ordinal) ? "sites" : "blocks";
        var problem = Single(ParseWithBase(("a.yaml", $$"""
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: {{kind}}
                where: { {{filter}} }
            {{Rule}}
            """)));

        Assert.Equal(5, problem.Location.Line);
        Assert.Equal(14 + filter.IndexOf(' ', StringComparison.Ordinal) + 1, problem.Location.Column);
        Assert.Equal(accepted, problem.Accepted);
    }

    [Fact]
    public void Parse_UnknownServiceReferences_AreReportedWhereWritten()
    {
        var result = ParseWithBase(("a.yaml", $$"""
            schedules:
              - id: s1
                service: grass-cutting
                appliesTo: sites
            {{Rule}}
                followUps:
                  - { service: path-swept, due: 1 working day }
            contractors:
              - id: greenscape
                name: Greenscape Grounds Ltd
                email: jobs@greenscape.example
                services: [grass-cut, mowing]
                areas: [north]
                dispatch: weekly
            """));

        const string defined = "grass-cut, path-sweep, hedge-cut, block-clean";
        Assert.Equal(3, result.Problems.Count);
        AssertAt(result.Problems[0], "a.yaml", 3, 14);
        Assert.Equal(("grass-cutting", defined), (result.Problems[0].Value, result.Problems[0].Accepted));
        Assert.Equal("schedule 's1': service names a service that is not defined under services:", result.Problems[0].Message);
        AssertAt(result.Problems[1], "a.yaml", 7, 20);
        Assert.Equal(("path-swept", defined), (result.Problems[1].Value, result.Problems[1].Accepted));
        AssertAt(result.Problems[2], "a.yaml", 12, 27);
        Assert.Equal(("mowing", defined), (result.Problems[2].Value, result.Problems[2].Accepted));
    }

    [Fact]
    public void Parse_UnknownDispatch_ListsTheModes()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            contractors:
              - id: greenscape
                name: Greenscape Grounds Ltd
                email: jobs@greenscape.example
                services: [grass-cut]
                areas: [north]
                dispatch: daily
            """)));

        AssertAt(problem, "a.yaml", 7, 15);
        Assert.Equal(("daily", "weekly, per-order"), (problem.Value, problem.Accepted));
    }

    [Fact]
    public void Parse_BadTimeZoneAndBankHolidays_AreBothReported()
    {
        var result = ConfigLoader.Parse([("org.yaml", """
            organisation:
              name: Example Homes
              timeZone: Europe/Londn
              bankHolidays: wales
            horizon: 8 weeks
            """)]);

        Assert.Equal(2, result.Problems.Count);
        AssertAt(result.Problems[0], "org.yaml", 3, 13);
        Assert.Equal("organisation.timeZone is not a time zone in the tz database", result.Problems[0].Message);
        Assert.Equal("Europe/Londn", result.Problems[0].Value);
        AssertAt(result.Problems[1], "org.yaml", 4, 17);
        Assert.Equal(("wales", "england-and-wales, scotland, northern-ireland"), (result.Problems[1].Value, result.Problems[1].Accepted));
    }

    [Fact]
    public void Parse_ManagerAddressesThatAreNotAddresses_AreReportedAtEach()
    {
        var result = ConfigLoader.Parse([("org.yaml", """
            organisation:
              name: Example Homes
              timeZone: Europe/London
              bankHolidays: england-and-wales
              digestEmail: estates manager
              complianceEmail: compliance@examplehomes.example
            horizon: 8 weeks
            """)]);

        var problem = Assert.Single(result.Problems);
        AssertAt(problem, "org.yaml", 5, 16);
        Assert.Equal("estates manager", problem.Value);
    }

    [Fact]
    public void Parse_UnclosedFlowSequenceWithAComment_IsAProblemNotACrash()
    {
        // Found by the fuzz tests: YamlDotNet's scanner throws InvalidOperationException here, not YamlException.
        var result = ConfigLoader.Parse([("org.yaml", """
            organisation:
              name: [xample Homes                       # a fictional landlord
              timeZone: Europe/London
              bankHolidays: england-and-wales
            horizon: 8 weeks
            """)]);

        // The file cannot be read, so organisation and horizon are also reported missing (at the folder).
        var problem = Assert.Single(result.Problems, p => p.Location.File == "org.yaml");
        Assert.True(problem.Location.Line >= 2, problem.ToString());
        Assert.StartsWith("this is not valid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredKeys_NameTheKeyAndTheMapping()
    {
        var result = ParseWithBase(("a.yaml", """
            contractors:
              - id: greenscape
                name: Greenscape Grounds Ltd
                services: [grass-cut]
                dispatch: weekly
            """));

        Assert.Equal(
            ["a.yaml:2:5: contractor 'greenscape' is missing the required key 'email'",
             "a.yaml:2:5: contractor 'greenscape' is missing the required key 'areas'"],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Parse_MissingOrganisationAndHorizon_AreReportedForTheFolder()
    {
        var result = ConfigLoader.Parse([("a.yaml", "services: []\n")]);

        Assert.Equal(2, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Equal("config", p.Location.ToString()));
        Assert.Contains("'organisation:'", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("'horizon:'", result.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FloatingRuleMixedWithFixedRules_IsReportedAtTheList()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence:
                  - { after: 12 months, earlyWindow: 2 months }
                  - { months: [Mar] }
            """)));

        AssertAt(problem, "a.yaml", 6, 7); // the list's first '-'
        Assert.Contains("mixes a floating rule (after:) with fixed rules", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EarlyWindowNotShorterThanTheInterval_IsRefused()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: properties
                recurrence: { after: 2 months, earlyWindow: 9 weeks }
            """)));

        AssertAt(problem, "a.yaml", 5, 49); // 9 weeks
        Assert.Equal("schedule 's1': recurrence: earlyWindow (9 weeks) must be shorter than the interval after: 2 months", problem.Message);
    }

    [Fact]
    public void Parse_RuleWithTwoShapes_AsksForAList()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence: { months: [Mar], every: 1 month }
            """)));

        AssertAt(problem, "a.yaml", 5, 17);
        Assert.Equal("a rule of schedule 's1': recurrence has 'every' and 'months'; a rule is one of these, so write a list of rules to combine them", problem.Message);
    }

    [Fact]
    public void Parse_HedgeCutInMayWithoutOverride_IsANestingSeasonError()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: hedges
                service: hedge-cut
                appliesTo: sites
                recurrence: { months: [Feb, May] }
            """)));

        AssertAt(problem, "a.yaml", 5, 17); // the rule
        Assert.StartsWith("schedule 'hedges': hedge-cut is nesting-sensitive and may not be scheduled 1 March–31 August", problem.Message, StringComparison.Ordinal);
        Assert.Equal("May", problem.Value);
    }

    [Fact]
    public void Parse_NestingOverrideWithoutReason_IsAnError()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: hedges
                service: hedge-cut
                appliesTo: sites
                recurrence: { months: [Feb, May] }
                nestingSeason: { allow: [May] }
            """)));

        AssertAt(problem, "a.yaml", 6, 20);
        Assert.StartsWith("schedule 'hedges': nestingSeason.allow needs a reason", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingOverrideWithReason_AllowsTheListedMonthsOnly()
    {
        var allowed = ParseWithBase(("a.yaml", """
            schedules:
              - id: hedges
                service: hedge-cut
                appliesTo: sites
                recurrence: [{ months: [Feb] }, { months: [Aug], target: end }]
                nestingSeason: { allow: [Aug], reason: after a recorded nest check }
            """));
        var weekly = Single(ParseWithBase(("a.yaml", """
            schedules:
              - id: hedges
                service: hedge-cut
                appliesTo: sites
                recurrence: { every: 1 week, on: Monday }
                nestingSeason: { allow: [Aug], reason: after a recorded nest check }
            """)));

        Assert.True(allowed.Succeeded, Describe(allowed));
        AssertAt(weekly, "a.yaml", 5, 17);
        Assert.Equal("Mar, Apr, May, Jun, Jul", weekly.Value);
    }

    [Fact]
    public void Parse_BadEmailAndId_AreRefused()
    {
        var result = ParseWithBase(("a.yaml", """
            contractors:
              - id: Green Scape
                name: Greenscape Grounds Ltd
                email: jobs at greenscape
                services: [grass-cut]
                areas: [north]
                dispatch: weekly
            """));

        Assert.Equal(2, result.Problems.Count);
        AssertAt(result.Problems[0], "a.yaml", 2, 9);
        Assert.Equal(ConfigNodeValues.AcceptedId, result.Problems[0].Accepted);
        AssertAt(result.Problems[1], "a.yaml", 4, 12);
        Assert.Equal("jobs at greenscape", result.Problems[1].Value);
    }

    [Fact]
    public void Parse_ImprovementLifetimeInMonths_AsksForYears()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            improvements:
              kitchen: { lifetime: 240 months }
            """)));

        AssertAt(problem, "a.yaml", 2, 24);
        Assert.Equal(("240 months", "N year(s), where N is a whole number of at least 1, e.g. '2 years'"), (problem.Value, problem.Accepted));
    }

    [Fact]
    public void Parse_ProblemToString_ReadsAsOneLineForTheManager()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", """
            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                recurrence: { every: 3 wks }
            """)));

        Assert.Equal(
            "grounds.yaml:5:26: schedule 's1': recurrence: every is not a duration (found '3 wks'); accepted: N week(s) or N month(s), where N is a whole number of at least 1, e.g. '2 weeks'",
            problem.ToString());
    }

    [Fact]
    public void Parse_EmptyOptionalLists_MeanNone()
    {
        var result = ParseWithBase(("a.yaml", """
            services:
              - id: litter-pick
                name: Litter picking
                checklist:
            schedules:
              - id: s1
                service: litter-pick
                appliesTo: sites
                recurrence: { months: [Mar] }
                followUps:
            """));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Empty(result.Configuration!.FindService("litter-pick")!.Checklist);
        Assert.Empty(result.Configuration.FindSchedule("s1")!.FollowUps);
    }

    [Fact]
    public void Parse_TenantChecklist_IsWhatTenantsReadAndWithoutItTheyReadTheChecklist()
    {
        var result = ParseWithBase(("a.yaml", """
            services:
              - id: meter-check
                name: Meter check
                checklist: [Meter read and logged]
                tenantChecklist: [We will read your meter]
              - id: litter-pick
                name: Litter picking
                checklist: [Litter picked]
                tenantChecklist:
            """));

        Assert.True(result.Succeeded, Describe(result));
        var meter = result.Configuration!.FindService("meter-check")!;
        Assert.Equal(["Meter read and logged"], meter.Checklist);
        Assert.Equal(["We will read your meter"], meter.ForTenants);
        Assert.Null(result.Configuration.FindService("litter-pick")!.TenantChecklist);
        Assert.Equal(["Litter picked"], result.Configuration.FindService("litter-pick")!.ForTenants);
    }

    [Fact]
    public void Parse_EmptyTenantChecklist_IsAProblem()
    {
        var problem = Single(ParseWithBase(("a.yaml", """
            services:
              - id: meter-check
                name: Meter check
                tenantChecklist: []
            """)));

        Assert.Contains("tenantChecklist is empty; list at least one", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidConfigOfEveryShape_BuildsTheDomainObjects()
    {
        var result = ParseWithBase(("a.yaml", GroundsContractor("weekly", "programmeDay: Wed") + """

            schedules:
              - id: s1
                service: grass-cut
                appliesTo: sites
                where: { grass: TRUE, postcode: ZZ1 1AA }
                recurrence: { every: 3 months, from: February, target: middle }
                followUps: [{ service: path-sweep, due: 2 working days }]
            """));

        Assert.True(result.Succeeded, Describe(result));
        var config = result.Configuration!;
        var contractor = Assert.Single(config.Contractors);
        Assert.Equal(NodaTime.IsoDayOfWeek.Wednesday, contractor.ProgrammeDay);
        Assert.Equal(new Scheduler.Domain.SourceLocation("a.yaml", 2, 5), contractor.Origin);
        var schedule = Assert.Single(config.Schedules);
        Assert.Equal(new Scheduler.Domain.SourceLocation("a.yaml", 10, 5), schedule.Origin);
        Assert.Equal("true", schedule.Where["grass"]);
        Assert.Equal("ZZ1 1AA", schedule.Where["postcode"]);
        var rule = Assert.IsType<Scheduler.Domain.Calendars.MonthlyRule>(Assert.Single(schedule.Recurrence));
        Assert.Equal((3, 2, Scheduler.Domain.Calendars.TargetPlacement.Middle), (rule.EveryMonths, rule.FromMonth, rule.Target));
        Assert.Equal(new Scheduler.Domain.SourceLocation("a.yaml", 14, 17), rule.Origin);
        var followUp = Assert.Single(schedule.FollowUps);
        Assert.Equal(("path-sweep", 2), (followUp.Service, followUp.WorkingDays));
        Assert.Equal(new Scheduler.Domain.SourceLocation("a.yaml", 15, 17), followUp.Origin);
        Assert.Equal(new Scheduler.Domain.SourceLocation("base.yaml", 4, 5), config.FindService("grass-cut")!.Origin);
    }
}
