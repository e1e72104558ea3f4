using System.Diagnostics;
using Scheduler.Worker.Reports;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>
/// The yearly report opened in a real headless browser (Debian's <c>chromium</c>, or <c>ESTATE_CHROMIUM</c>): it
/// renders, with nothing written to the browser console (no errors, no blocked resources), and gives a screenshot —
/// what <c>scripts/check-report.sh</c> does by hand for a published report.
/// </summary>
public class ReportBrowserTests(SeededYear year) : IClassFixture<SeededYear>
{
    [Fact]
    public async Task Html_InHeadlessChromium_RendersWithoutConsoleMessages()
    {
        var folder = Directory.CreateTempSubdirectory("report-browser-");
        try
        {
            var page = Path.Join(folder.FullName, "report.html");
            var shot = Path.Join(folder.FullName, "report.png");
            await File.WriteAllTextAsync(page, ReportHtmlWriter.Write(year.Report));

            var log = await RunChromiumAsync(folder.FullName, $"--screenshot={shot}", "--window-size=1200,3000", new Uri(page).AbsoluteUri);

            Assert.DoesNotMatch("CONSOLE|Uncaught", log);
            Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is missing or blank");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> RunChromiumAsync(string profile, params string[] args)
    {
        var browser = Environment.GetEnvironmentVariable("ESTATE_CHROMIUM") ?? "chromium";
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", $"--user-data-dir={Path.Join(profile, "chromium")}", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{browser}' did not start: install Debian's chromium or set ESTATE_CHROMIUM.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return await error;
    }
}
