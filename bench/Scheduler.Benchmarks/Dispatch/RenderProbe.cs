using System.Diagnostics;
using System.Globalization;
using Scheduler.Worker.Email;
using Scriban.Runtime;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- render [--renders N]</c>: renders the shipped
/// <c>contractor-work-order</c> sample (text and HTML bodies) N times on one thread with one renderer, after a warm-up,
/// and prints wall time, the process's CPU time and bytes allocated per body; then the same for the parts of a render
/// (building the model's template values for each format, splitting the subject off the text). A probe for where the
/// dispatcher's CPU goes, not a goal.
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
        var text = renderer.RenderBody(textFile, model, TemplateFormat.Text, CancellationToken.None);

        Measure("text", renders, () => renderer.RenderBody(textFile, model, TemplateFormat.Text, CancellationToken.None).Length);
        Measure("html", renders, () => renderer.RenderBody(htmlFile, model, TemplateFormat.Html, CancellationToken.None).Length);
        Measure("  of which the model's values, text", renders, () => Fill(model, TemplateFormat.Text));
        Measure("  of which the model's values, HTML", renders, () => Fill(model, TemplateFormat.Html));
        Measure("subject split off the text", renders, () => TemplateRenderer.SplitSubject(text, textFile).Body.Length);
        Measure("both bodies and the subject (Render)", renders, () => renderer.Render(model).Html.Length);
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        return Task.FromResult(0);
    }

    private static int Fill(EmailModel model, TemplateFormat format)
    {
        var globals = new ScriptObject();
        model.Fill(globals, new TemplateValues(format));
        return globals.Count;
    }

    private static void Measure(string name, int count, Func<int> stage)
    {
        for (var w = 0; w < Math.Min(5_000, count); w++)
        {
            stage();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var length = 0;
        for (var r = 0; r < count; r++)
        {
            length = stage();
        }

        watch.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {watch.Elapsed.TotalMicroseconds / count:0.0} µs, CPU {cpuUsed.TotalMicroseconds / count:0.0} µs, {bytes / count / 1024.0:0.0} kB allocated ({length:N0}), {count:N0} times"));
    }
}
