using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary>
/// The published page searched in a real headless browser (Debian's <c>chromium</c>, or the one named by the
/// environment variable <c>ESTATE_CHROMIUM</c>): the page's own script filters the rows for a postcode or street
/// given as <c>#q=</c>, and the DOM the browser ends with shows only the matching homes.
/// </summary>
public class ImprovementsHtmlBrowserTests
{
    [Theory]
    [InlineData("ZZ3%206FG", "ZZ3 6FG")] // a postcode as typed, with its space
    [InlineData("Calder%20Rise", "Calder Rise")] // a street
    public async Task Search_InHeadlessChromium_ShowsOnlyMatchingHomes(string query, string wanted)
    {
        var folder = Directory.CreateTempSubdirectory("improvements-browser-");
        try
        {
            var page = Path.Join(folder.FullName, "schedule.html");
            await File.WriteAllTextAsync(page, (await SampleSchedule.RunAsync(2027, "html")).Out);

            var dom = await DumpDomAsync(new Uri(page).AbsoluteUri + "#q=" + query, folder.FullName);

            var rows = Regex.Matches(dom, "<tr data-search=\"[^\"]*\"( hidden(=\"\")?)?><th scope=\"row\">([^<]*)</th><td>([^<]*)</td>");
            Assert.Equal(SampleSchedule.Register.Homes.Count, rows.Count);
            var shown = rows.Where(r => !r.Groups[1].Success).Select(r => r.Groups[3].Value + " " + r.Groups[4].Value).ToList();
            var expected = SampleSchedule.Register.Homes.Count(h => (h.Address + " " + h.Postcode).Contains(wanted, StringComparison.OrdinalIgnoreCase));
            Assert.True(expected > 0);
            Assert.Equal(expected, shown.Count);
            Assert.All(shown, s => Assert.Contains(wanted, s, StringComparison.OrdinalIgnoreCase));
            Assert.Contains($"id=\"count\">{expected} of {rows.Count} homes match", dom, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> DumpDomAsync(string url, string profile)
    {
        var browser = Environment.GetEnvironmentVariable("ESTATE_CHROMIUM") ?? "chromium";
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Join(profile, "chromium")}", "--dump-dom", url })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{browser}' could not be started ({e.Message}): install Debian's chromium or set ESTATE_CHROMIUM.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await error);
            return await output;
        }
    }
}
