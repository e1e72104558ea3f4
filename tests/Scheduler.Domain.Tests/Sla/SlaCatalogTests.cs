using System.Text.RegularExpressions;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;

using static Scheduler.Domain.Tests.Sla.SlaTime;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Sla;

public sealed partial class SlaCatalogTests
{
    /// <summary>Every default target, when a case raised at the given London time is due (day targets: the last day).</summary>
    public static TheoryData<string, string, SlaCategory, string, string> EveryDefault => new()
    {
        { SlaIds.RepairsEmergency, "4 hours", SlaCategory.Repairs, "2027-10-31T00:30+01", "2027-10-31T03:30 GMT" },
        { SlaIds.RepairsRoutine, "17 days", SlaCategory.Repairs, "2027-03-01T14:00", "2027-03-18" },
        { SlaIds.RepairsExternal, "30 days", SlaCategory.Repairs, "2026-12-10T09:00", "2027-01-09" },
        { SlaIds.RepairsMajor, "60 days", SlaCategory.Repairs, "2027-01-15T09:00", "2027-03-16" },
        { SlaIds.GasHeatingAttend, "6 hours", SlaCategory.GasHeating, "2027-03-27T23:00", "2027-03-28T06:00 BST" },
        { SlaIds.GasHeatingCombiBoiler, "5 days", SlaCategory.GasHeating, "2026-12-22T09:00", "2026-12-27" },
        { SlaIds.GasHeatingSolidFuelOilSolar, "10 days", SlaCategory.GasHeating, "2027-03-22T09:00", "2027-04-01" },
        { SlaIds.GasHeatingNonUrgent, "15 days", SlaCategory.GasHeating, "2027-12-20T09:00", "2028-01-04" },
        { SlaIds.AsbHighRiskRespond, "1 working day", SlaCategory.AntiSocialBehaviour, "2027-12-24T16:00", "2027-12-29" },
        { SlaIds.AsbHighRiskActionPlan, "2 working days", SlaCategory.AntiSocialBehaviour, "2026-04-02T10:00", "2026-04-08" },
        { SlaIds.AsbLowRiskRespond, "3 working days", SlaCategory.AntiSocialBehaviour, "2027-03-26T10:00", "2027-04-01" },
        { SlaIds.ComplaintsAcknowledge, "2 working days", SlaCategory.Complaints, "2026-12-24T10:00", "2026-12-30" },
        { SlaIds.ComplaintsRespond, "10 working days", SlaCategory.Complaints, "2026-12-18T10:00", "2027-01-06" },
        { SlaIds.ReferralReply, "48 hours", SlaCategory.CustomerService, "2027-10-29T12:00", "2027-10-31T11:00 GMT" },
        { SlaIds.AwaabEmergencyMakeSafe, "24 hours", SlaCategory.AwaabsLaw, "2026-03-28T12:00", "2026-03-29T13:00 BST" },
        { SlaIds.AwaabDampMouldInvestigate, "10 working days", SlaCategory.AwaabsLaw, "2026-04-01T09:00", "2026-04-17" },
        { SlaIds.AwaabWrittenSummary, "3 working days", SlaCategory.AwaabsLaw, "2026-04-17T16:00", "2026-04-22" },
        { SlaIds.AwaabSafetyWork, "5 working days", SlaCategory.AwaabsLaw, "2026-12-24T12:00", "2027-01-05" },
        { SlaIds.AwaabFurtherWorkStart, "12 weeks", SlaCategory.AwaabsLaw, "2026-04-17T16:00", "2026-07-10" },
    };

    [Theory]
    [MemberData(nameof(EveryDefault))]
    public void Defaults_EveryTarget_DueAsPublished(string id, string target, SlaCategory category, string raised, string due)
    {
        var sla = SlaCatalog.Defaults[id];

        Assert.Equal(target, sla.Target.ToString());
        Assert.Equal(category, sla.Category);
        var actual = sla.Due(At(raised), London, EnglandAndWales);
        if (sla.Clock.IsElapsedTime)
        {
            Assert.Equal(due, LondonText(actual));
        }
        else
        {
            Assert.Equal(EndOf(D(due)), actual);
        }
    }

    [Fact]
    public void Defaults_TheTableAboveCoversEveryTarget()
    {
        var tested = EveryDefault.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(19, SlaCatalog.Defaults.Targets.Count);
        Assert.Equal(SlaCatalog.Defaults.Targets.Select(t => t.Id).Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_IdsAreUniqueKebabCaseAndDescribed()
    {
        var targets = SlaCatalog.Defaults.Targets;

        Assert.Equal(targets.Count, targets.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(targets, t =>
        {
            Assert.Matches(KebabCase(), t.Id);
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
            Assert.NotEqual(SlaCategory.Invalid, t.Category);
        });
    }

    [Fact]
    public void Defaults_OnlyAwaabsLawIsStatutory()
    {
        Assert.All(SlaCatalog.Defaults.Targets, t => Assert.Equal(t.Category == SlaCategory.AwaabsLaw, t.IsStatutory));
    }

    [Fact]
    public void Indexer_UnknownId_ThrowsListingTheKnownOnes()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => SlaCatalog.Defaults["repairs-urgent"]);

        Assert.Contains("'repairs-urgent'", error.Message, StringComparison.Ordinal);
        Assert.Contains(SlaIds.RepairsRoutine, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Repairs-Routine")] // ids are case-sensitive
    public void TryFind_NotAnId_False(string? id)
    {
        Assert.False(SlaCatalog.Defaults.TryFind(id, out var target));
        Assert.Null(target);
    }

    [Theory]
    [InlineData(RepairCategory.Emergency, SlaIds.RepairsEmergency)]
    [InlineData(RepairCategory.Routine, SlaIds.RepairsRoutine)]
    [InlineData(RepairCategory.External, SlaIds.RepairsExternal)]
    [InlineData(RepairCategory.Major, SlaIds.RepairsMajor)]
    [InlineData(RepairCategory.GasHeatingAttend, SlaIds.GasHeatingAttend)]
    [InlineData(RepairCategory.GasHeatingCombiBoiler, SlaIds.GasHeatingCombiBoiler)]
    [InlineData(RepairCategory.GasHeatingSolidFuelOilSolar, SlaIds.GasHeatingSolidFuelOilSolar)]
    [InlineData(RepairCategory.GasHeatingNonUrgent, SlaIds.GasHeatingNonUrgent)]
    public void ForRepair_EachCategory_ItsTarget(RepairCategory category, string id)
    {
        Assert.Equal(id, SlaCatalog.Defaults.ForRepair(category).Id);
    }

    [Fact]
    public void ForRepair_Invalid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaCatalog.Defaults.ForRepair(RepairCategory.Invalid));
    }

    [Fact]
    public void WithOverrides_ReplacesOnlyTheNamedTargets()
    {
        var overrides = new Dictionary<string, FriendlyDuration>
        {
            [SlaIds.RepairsRoutine] = Parse("20 days"),
            [SlaIds.ComplaintsRespond] = Parse("5 working days"),
        };

        var catalog = SlaCatalog.Defaults.WithOverrides(overrides);

        Assert.Equal("20 days", catalog[SlaIds.RepairsRoutine].Target.ToString());
        Assert.Equal("5 working days", catalog[SlaIds.ComplaintsRespond].Target.ToString());
        Assert.Equal(SlaCatalog.Defaults[SlaIds.RepairsRoutine].Description, catalog[SlaIds.RepairsRoutine].Description);
        Assert.Equal(
            SlaCatalog.Defaults.Targets.Where(t => !overrides.ContainsKey(t.Id)),
            catalog.Targets.Where(t => !overrides.ContainsKey(t.Id)));
        Assert.Equal("17 days", SlaCatalog.Defaults[SlaIds.RepairsRoutine].Target.ToString()); // defaults untouched
        Assert.Equal(EndOf(D("2027-03-21")), catalog[SlaIds.RepairsRoutine].Due(At("2027-03-01T14:00"), London, EnglandAndWales));
    }

    [Fact]
    public void WithOverrides_Empty_SameTargets()
    {
        Assert.Equal(SlaCatalog.Defaults.Targets, SlaCatalog.Defaults.WithOverrides(new Dictionary<string, FriendlyDuration>()).Targets);
    }

    [Theory]
    [InlineData(SlaIds.AwaabDampMouldInvestigate, "8 working days")] // a landlord may promise better than the law
    [InlineData(SlaIds.AwaabEmergencyMakeSafe, "12 hours")]
    [InlineData(SlaIds.AwaabFurtherWorkStart, "12 weeks")]
    [InlineData(SlaIds.RepairsEmergency, "2 working days")] // non-statutory targets take any valid duration
    [InlineData(SlaIds.ReferralReply, "2 days")]
    public void CheckOverride_Allowed_Null(string id, string target)
    {
        Assert.Null(SlaCatalog.Defaults.CheckOverride(id, Parse(target)));
    }

    [Theory]
    [InlineData("repairs-urgent", "4 hours", "not an SLA target")]
    [InlineData(SlaIds.AwaabDampMouldInvestigate, "11 working days", "set by law")]
    [InlineData(SlaIds.AwaabDampMouldInvestigate, "10 days", "set by law")] // another unit is not comparable: refused
    [InlineData(SlaIds.AwaabEmergencyMakeSafe, "1 day", "set by law")]
    [InlineData(SlaIds.AwaabFurtherWorkStart, "3 months", "set by law")]
    public void CheckOverride_Refused_SaysWhy(string id, string target, string reason)
    {
        var problem = SlaCatalog.Defaults.CheckOverride(id, Parse(target));

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Contains(id, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOverride_InvalidDuration_Refused()
    {
        Assert.NotNull(SlaCatalog.Defaults.CheckOverride(SlaIds.RepairsRoutine, default));
    }

    [Fact]
    public void CheckOverride_StatutoryLimit_IsTheLawEvenAfterAnOverride()
    {
        var stricter = SlaCatalog.Defaults.WithOverrides(new Dictionary<string, FriendlyDuration>
        {
            [SlaIds.AwaabSafetyWork] = Parse("3 working days"),
        });

        Assert.Null(stricter.CheckOverride(SlaIds.AwaabSafetyWork, Parse("5 working days")));
        Assert.NotNull(stricter.CheckOverride(SlaIds.AwaabSafetyWork, Parse("6 working days")));
    }

    [Fact]
    public void WithOverrides_Refused_ThrowsListingEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => SlaCatalog.Defaults.WithOverrides(new Dictionary<string, FriendlyDuration>
        {
            ["repairs-urgent"] = Parse("4 hours"),
            [SlaIds.AwaabSafetyWork] = Parse("10 working days"),
            [SlaIds.RepairsRoutine] = Parse("20 days"),
        }));

        Assert.Contains("repairs-urgent", error.Message, StringComparison.Ordinal);
        Assert.Contains(SlaIds.AwaabSafetyWork, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Message.Split(Environment.NewLine).Length); // one line per refused key; the valid one is not among them
    }

    private static FriendlyDuration Parse(string text) =>
        FriendlyDuration.TryParse(text, out var value) ? value : throw new ArgumentException(text);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
