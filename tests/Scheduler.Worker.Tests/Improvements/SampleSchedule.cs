using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Register;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary>The shipped config and sample register, and the improvements verb run over them from the files.</summary>
internal static class SampleSchedule
{
    /// <summary>The sample register as the reader loads it.</summary>
    public static EstateRegister Register { get; } = RegisterLoader.Load(Path.Join(RepositoryRoot.Path, "config", "sample"), RegisterFixture.AsOf).Register!;

    /// <summary><c>improvements --year {year} --estate config/sample --format {format}</c>: exit code, standard output, standard error.</summary>
    public static Task<(int Exit, string Out, string Error)> RunAsync(int year, string format) =>
        CliRunner.RunAsync("improvements", "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--estate", "config/sample", "--format", format);
}
