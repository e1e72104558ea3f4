using Scheduler.Worker.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Gas;

/// <summary><c>appointment.engineers</c>: gas engineers per area, read into the policy; mistakes at file, line and column.</summary>
public class AppointmentEngineersConfigTests
{
    private static string Gas(string appointment) => GasSchedule(appointment);

    [Fact]
    public void Parse_Engineers_AreReadPerArea()
    {
        var result = ParseWithBase(("gas.yaml", Gas("""
                  slots: [AM, PM]
                  notice: 14 days
                  attempts: 3
                  engineers: { north: 2, south: 1, east: 0 }
            """)));

        Assert.True(result.Problems.Count == 0, Describe(result));
        var policy = result.Configuration!.FindSchedule("gas-safety")!.Appointment!;
        Assert.Equal(new Dictionary<string, int> { ["north"] = 2, ["south"] = 1, ["east"] = 0 }, policy.Engineers);
    }

    [Fact]
    public void Parse_NoEngineers_IsAnEmptyMap()
    {
        var result = ParseWithBase(("gas.yaml", Gas("""
                  slots: [AM, PM]
                  notice: 14 days
                  attempts: 3
            """)));

        Assert.True(result.Problems.Count == 0, Describe(result));
        Assert.Empty(result.Configuration!.FindSchedule("gas-safety")!.Appointment!.Engineers);
    }

    [Theory]
    [InlineData("engineers: { north: two }", 12, 27, "schedule 'gas-safety': appointment.engineers.north must be a whole number from 0 to 100")]
    [InlineData("engineers: { north: -1 }", 12, 27, "schedule 'gas-safety': appointment.engineers.north must be a whole number from 0 to 100")]
    [InlineData("engineers: [north]", 12, 18, "schedule 'gas-safety': appointment.engineers must be a mapping of keys, but this is a list")]
    public void Parse_BadEngineers_IsReportedAtTheValue(string line, int lineNumber, int column, string message)
    {
        var result = ParseWithBase(("gas.yaml", Gas($"""
                  slots: [AM, PM]
                  notice: 14 days
                  attempts: 3
                  {line}
            """)));

        var problem = Single(result);
        AssertAt(problem, "gas.yaml", lineNumber, column);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void ScheduleSection_AppointmentKeys_IncludeEngineers() =>
        Assert.Contains("engineers", ScheduleSection.AppointmentKeys);
}
