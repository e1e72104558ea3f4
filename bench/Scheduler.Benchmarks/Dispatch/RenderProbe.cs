using System.Diagnostics;
using System.Globalization;
using Scheduler.Worker.Email;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- render [--renders N]</c>: renders the shipped
/// <c>contractor-work-order</c> sample (text and HTML bodies) N times on one thread with one renderer, after a warm-up,
/// and prints wall time and bytes allocated per body. A probe for where the dispatcher's CPU goes, not a goal.
/// </summary>
internal static class RenderProbe
{
    public static Task<int> RunAsync(string[] args)
    {
        var renders = Option(args, "--renders", 20_000);
        var templates = Path.Combine(RepositoryRoot(), "config", "templates");
        var renderer = new TemplateRenderer(templates);
        var model = EmailSamples.For(ContractorWorkOrderEmail.Template)[0];
        var (_, textFile, htmlFile) = renderer.Select(model.TemplateName, model.Language, model.LargePrint);

        foreach (var (name, file, format) in new[] { ("text", textFile, TemplateFormat.Text), ("html", htmlFile, TemplateFormat.Html) })
        {
            for (var w = 0; w < 2_000; w++)
            {
                renderer.RenderBody(file, model, format, CancellationToken.None);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var length = 0;
            for (var r = 0; r < renders; r++)
            {
                length = renderer.RenderBody(file, model, format, CancellationToken.None).Length;
            }

            watch.Stop();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: {watch.Elapsed.TotalMicroseconds / renders:0.0} µs and {bytes / renders / 1024.0:0.0} kB allocated per render ({length:N0} chars), {renders:N0} renders"));
        }

        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        return Task.FromResult(0);
    }
}
