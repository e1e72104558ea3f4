using Scheduler.Domain.Configuration;
using Scheduler.Worker.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>An appointment's <c>postDays</c> (branch <c>rebook29</c>): read into the policy in working days; absent, the default; mistakes at file, line and column.</summary>
public class PostDaysConfigTests
{
    private static string Gas(string? postDays) => GasSchedule($"""
              slots: [AM, PM]
              notice: 14 days
              attempts: 3{(postDays is null ? string.Empty : $"\n      postDays: {postDays}")}
        """);

    [Theory]
    [InlineData("2 working days", 2)]
    [InlineData("1 working day", 1)]
    [InlineData("5 Working Days", 5)]
    public void Parse_PostDays_IsReadInWorkingDays(string text, int days)
    {
        var result = ParseWithBase(("gas.yaml", Gas(text)));

        Assert.True(result.Problems.Count == 0, Describe(result));
        Assert.Equal(days, result.Configuration!.FindSchedule("gas-safety")!.Appointment!.PostWorkingDays);
    }

    [Fact]
    public void Parse_NoPostDays_IsRoyalMailSecondClass()
    {
        var result = ParseWithBase(("gas.yaml", Gas(null)));

        Assert.True(result.Problems.Count == 0, Describe(result));
        Assert.Equal(AppointmentPolicy.DefaultPostWorkingDays, result.Configuration!.FindSchedule("gas-safety")!.Appointment!.PostWorkingDays);
        Assert.Equal(3, AppointmentPolicy.DefaultPostWorkingDays);
    }

    [Theory]
    [InlineData("3 days", "schedule 'gas-safety': appointment.postDays cannot be counted in days")]
    [InlineData("0 working days", "schedule 'gas-safety': appointment.postDays is not a duration")]
    [InlineData("soon", "schedule 'gas-safety': appointment.postDays is not a duration")]
    public void Parse_BadPostDays_IsReportedAtTheValueAndTheScheduleRefused(string text, string message)
    {
        var result = ParseWithBase(("gas.yaml", Gas(text)));

        var problem = Single(result);
        AssertAt(problem, "gas.yaml", 12, 17);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void ShippedConfig_PostDaysIsThreeWorkingDays()
    {
        Assert.Contains("postDays", ScheduleSection.AppointmentKeys);
        var result = ConfigLoader.Load(RepositoryRoot.ConfigFolder);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(3, result.Configuration!.FindSchedule("gas-safety")!.Appointment!.PostWorkingDays);
    }
}
