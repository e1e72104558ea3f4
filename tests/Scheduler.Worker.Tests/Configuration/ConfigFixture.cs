using Scheduler.Domain.Configuration;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Tests.Configuration;

/// <summary>Small valid config pieces the loader tests build on, and helpers to read what the loader said.</summary>
internal static class ConfigFixture
{
    /// <summary>A valid organisation and horizon.</summary>
    public const string Organisation = """
        organisation: { name: Example Homes, timeZone: Europe/London, bankHolidays: england-and-wales }
        horizon: 8 weeks
        """;

    /// <summary>Valid services: grounds work (hedge-cut nesting-sensitive) and block cleaning.</summary>
    public const string Services = """
        services:
          - { id: grass-cut, name: Grass cutting }
          - { id: path-sweep, name: Path sweeping }
          - { id: hedge-cut, name: Hedge trimming, nestingSensitive: true }
          - { id: block-clean, name: Block cleaning }
        """;

    /// <summary>
    /// A gas service and its floating schedule (gas.yaml) with <paramref name="appointment"/> as the lines of its
    /// <c>appointment:</c> mapping, indented six spaces; the first of them is line 9.
    /// </summary>
    public static string GasSchedule(string appointment) => $"""
        services:
          - {"{"} id: gas-safety, name: Gas safety check {"}"}
        schedules:
          - id: gas-safety
            service: gas-safety
            appliesTo: properties
            recurrence: {"{"} after: 12 months, earlyWindow: 2 months {"}"}
            appointment:
        {appointment}
        """;

    /// <summary>Parses <paramref name="files"/> with the valid organisation and services in <c>base.yaml</c> (which sorts first).</summary>
    public static ConfigLoadResult ParseWithBase(params (string FileName, string Text)[] files) =>
        ConfigLoader.Parse([("base.yaml", Organisation + "\n" + Services), .. files]);

    /// <summary>The problems as "file:line:column: message ..." lines, for readable assertion failures.</summary>
    public static string Describe(ConfigLoadResult result) => string.Join(Environment.NewLine, result.Problems);

    /// <summary>The only problem, failing with all of them listed when there is not exactly one.</summary>
    public static ConfigProblem Single(ConfigLoadResult result)
    {
        Assert.True(result.Problems.Count == 1, $"expected one problem, got {result.Problems.Count}:{Environment.NewLine}{Describe(result)}");
        Assert.Null(result.Configuration);
        return result.Problems[0];
    }

    /// <summary>Asserts the problem is at exactly file:line:column.</summary>
    public static void AssertAt(ConfigProblem problem, string file, int line, int column) =>
        Assert.Equal($"{file}:{line}:{column}", problem.Location.ToString());
}
