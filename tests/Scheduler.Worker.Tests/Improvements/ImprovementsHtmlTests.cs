using System.Text.RegularExpressions;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary>The published page of <c>improvements --format html</c> for the shipped config and sample register.</summary>
public class ImprovementsHtmlTests
{
    [Fact]
    public async Task Html_Sample_NamesNoTenant()
    {
        var (exit, page, _) = await SampleSchedule.RunAsync(2027, "html");

        Assert.Equal(0, exit);
        Assert.NotEmpty(SampleSchedule.Register.Tenants);
        foreach (var tenant in SampleSchedule.Register.Tenants)
        {
            Assert.DoesNotContain(tenant.Name, page, StringComparison.OrdinalIgnoreCase);
            foreach (var part in tenant.Name.Split(' ').Where(p => p.Length > 3 && !SampleSchedule.Register.Homes.Any(h => h.Address.Contains(p, StringComparison.OrdinalIgnoreCase))))
            {
                Assert.DoesNotContain(part, page, StringComparison.OrdinalIgnoreCase); // not even a surname
            }

            if (tenant.Email is { } email)
            {
                Assert.DoesNotContain(email, page, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Html_Sample_HasEveryHomeAndEveryProgrammedPostcode()
    {
        var page = (await SampleSchedule.RunAsync(2027, "html")).Out;
        var csv = (await SampleSchedule.RunAsync(2027, "csv")).Out;

        var programmed = csv.Split('\n').Where(l => l.Contains(",programmed,2027,", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(programmed);
        foreach (var home in SampleSchedule.Register.Homes)
        {
            Assert.Contains($"<th scope=\"row\">{Scheduler.Worker.Email.HtmlText.Escape(home.Address)}</th><td>{home.Postcode}</td>", page, StringComparison.Ordinal);
        }

        foreach (var line in programmed)
        {
            var postcode = SampleSchedule.Register.Homes.Single(h => line.StartsWith(h.Id + ",", StringComparison.Ordinal)).Postcode;
            Assert.Contains($"<td>{postcode}</td>", page, StringComparison.Ordinal);
        }

        Assert.Equal(SampleSchedule.Register.Homes.Count, Regex.Count(page, "<tr data-search="));
        Assert.Contains("9 Weaver&#39;s Lane, Sedgecombe", page, StringComparison.Ordinal); // escaped
        Assert.Contains("<td class=\"unknown\">Unknown: survey needed</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"deferred\">2028 (deferred)</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_Sample_IsOneSelfContainedPage()
    {
        var page = (await SampleSchedule.RunAsync(2027, "html")).Out;

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(src|href|action|srcset|poster|data)\\s*=", RegexOptions.IgnoreCase), page.Replace("data-search=", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotMatch(new Regex("https?:|//[a-z]|url\\(|@import|<link|<iframe|<img|<object|<embed", RegexOptions.IgnoreCase), page);
        Assert.Equal(1, Regex.Count(page, "<style>"));
        Assert.Equal(1, Regex.Count(page, "<script>"));
        Assert.DoesNotContain("<script src", page, StringComparison.Ordinal);

        // Without script the full table is there and the search box stays hidden.
        Assert.Contains("<div id=\"find\" hidden>", page, StringComparison.Ordinal);
        Assert.Contains("<noscript>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_Sample_SearchKeysHoldPostcodeAndStreetWithoutSpaces()
    {
        var page = (await SampleSchedule.RunAsync(2027, "html")).Out;

        Assert.Contains("<tr data-search=\"flat1,ashworthhouse,1ashworthcourt,hallowbyzz14as\">", page, StringComparison.Ordinal);
        Assert.Contains("<tr data-search=\"112stationroad,marrowfieldzz34sr\">", page, StringComparison.Ordinal);
    }
}
