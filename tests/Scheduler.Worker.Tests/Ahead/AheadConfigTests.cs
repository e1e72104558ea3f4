using NodaTime;
using Scheduler.Worker.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Ahead;

/// <summary>A contractor's <c>issueAhead</c> and an appointment's <c>letterAhead</c>: read into the domain; mistakes at file, line and column.</summary>
public class AheadConfigTests
{
    private static string Contractor(string dispatch, string issueAhead) => $"""
        contractors:
          - id: greenscape
            name: Greenscape Grounds Ltd
            email: jobs@greenscape.example
            services: [grass-cut]
            areas: [north]
            dispatch: {dispatch}
            issueAhead: {issueAhead}
        """;

    private static string Gas(string letterAhead) => GasSchedule($"""
              slots: [AM, PM]
              notice: 14 days
              attempts: 3
              letterAhead: {letterAhead}
        """);

    [Theory]
    [InlineData("4 weeks", 28)]
    [InlineData("10 days", 10)]
    [InlineData("1 week", 7)]
    public void Parse_IssueAhead_IsReadInDaysOrWeeks(string text, int days)
    {
        var result = ParseWithBase(("c.yaml", Contractor("per-order", text)));

        Assert.True(result.Problems.Count == 0, Describe(result));
        var contractor = Assert.Single(result.Configuration!.Contractors);
        Assert.Equal(days, contractor.IssueAhead!.Normalize().Days);
    }

    [Fact]
    public void Parse_NoIssueAhead_IsNull()
    {
        var withKey = Contractor("per-order", "4 weeks");
        var result = ParseWithBase(("c.yaml", withKey[..withKey.LastIndexOf('\n')]));

        Assert.True(result.Problems.Count == 0, Describe(result));
        Assert.Null(Assert.Single(result.Configuration!.Contractors).IssueAhead);
    }

    [Theory]
    [InlineData("per-order", "4 months", "cannot be counted in months")]
    [InlineData("per-order", "soon", "is not a duration")]
    [InlineData("per-order", "0 days", "is not a duration")]
    [InlineData("weekly", "4 weeks", "issueAhead is for per-order dispatch only")]
    public void Parse_BadIssueAhead_IsReportedAtTheValue(string dispatch, string text, string why)
    {
        var result = ParseWithBase(("c.yaml", Contractor(dispatch, text)));

        var problem = Single(result);
        AssertAt(problem, "c.yaml", 8, 17);
        Assert.Contains("issueAhead", problem.Message, StringComparison.Ordinal);
        Assert.Contains(why, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3 weeks", 21)]
    [InlineData("14 days", 14)]
    [InlineData("2 weeks", 14)]
    public void Parse_LetterAhead_IsReadWhenAtLeastTheNotice(string text, int days)
    {
        var result = ParseWithBase(("gas.yaml", Gas(text)));

        Assert.True(result.Problems.Count == 0, Describe(result));
        Assert.Equal(Period.FromDays(days), result.Configuration!.FindSchedule("gas-safety")!.Appointment!.LetterAhead!.Normalize());
    }

    [Theory]
    [InlineData("13 days", "schedule 'gas-safety': appointment.letterAhead (13 days) is shorter than appointment.notice (14 days): the letter must reach the tenant at least the notice before the visit")]
    [InlineData("1 week", "schedule 'gas-safety': appointment.letterAhead (1 week) is shorter than appointment.notice (14 days): the letter must reach the tenant at least the notice before the visit")]
    [InlineData("3 months", "schedule 'gas-safety': appointment.letterAhead cannot be counted in months")]
    [InlineData("later", "schedule 'gas-safety': appointment.letterAhead is not a duration")]
    public void Parse_BadLetterAhead_IsReportedAtTheValue(string text, string message)
    {
        var result = ParseWithBase(("gas.yaml", Gas(text)));

        var problem = Single(result);
        AssertAt(problem, "gas.yaml", 12, 20);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void Sections_AcceptTheNewKeys()
    {
        Assert.Contains("issueAhead", ContractorSection.Keys);
        Assert.Contains("letterAhead", ScheduleSection.AppointmentKeys);
    }

    [Fact]
    public void ShippedConfig_PlannedWorkContractorsIssueFourWeeksAhead_GasLettersThreeWeeks()
    {
        var result = ConfigLoader.Load(RepositoryRoot.ConfigFolder);

        Assert.True(result.Succeeded, Describe(result));
        var config = result.Configuration!;
        Assert.Equal(Period.FromWeeks(4), config.Contractors.Single(c => c.Id == "sparkle").IssueAhead);
        Assert.Equal(Period.FromWeeks(4), config.Contractors.Single(c => c.Id == "warmsafe").IssueAhead);
        Assert.Null(config.Contractors.Single(c => c.Id == "fixright").IssueAhead);
        Assert.Equal(Period.FromWeeks(3), config.FindSchedule("gas-safety")!.Appointment!.LetterAhead);
    }
}
