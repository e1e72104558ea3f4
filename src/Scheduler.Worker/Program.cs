using System.Text;
using NodaTime;
using Scheduler.Worker.Cli;

// The composition root: the only place that touches the system clock; everything else is handed an IClock.
#pragma warning disable RS0030 // SystemClock.Instance is banned everywhere but here.
IClock clock = SystemClock.Instance;
#pragma warning restore RS0030

// Standard output is buffered: a year's preview of a large estate is hundreds of thousands of lines.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
await using (stdout.ConfigureAwait(false))
{
    var exit = await CliApp.RunAsync(args, new CliContext(stdout, Console.Error, clock, Directory.GetCurrentDirectory())).ConfigureAwait(false);
    await stdout.FlushAsync().ConfigureAwait(false);
    return exit;
}
