using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Improvements;

/// <summary>
/// The planned-improvements schedule as one self-contained HTML page the landlord can publish: inline CSS, a few
/// lines of inline script for the search box, no external resources and no links. One row per home (address,
/// postcode, area, then each component's year or status). Tenants are never named: the page is built from homes
/// only. Without script the search box stays hidden and the full table is there to read or search with the
/// browser's own find.
/// </summary>
internal static class ImprovementsHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:1.5rem;color:#1b1b1b;line-height:1.4}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
        p.lead{margin:.25rem 0 1rem;max-width:60rem}
        label{font-weight:600;display:block;margin:1rem 0 .25rem}
        input{font-size:1rem;padding:.4rem .5rem;width:min(30rem,100%);border:2px solid #1b1b1b;border-radius:3px}
        table{border-collapse:collapse;margin-top:.75rem;font-size:.9rem}
        th,td{border:1px solid #b1b4b6;padding:.3rem .45rem;text-align:left;vertical-align:top}
        thead th{background:#f3f2f1;position:sticky;top:0}
        td.programmed{background:#cce2d8;font-weight:600}td.deferred{background:#fff7bf}
        td.unknown{background:#f4cccc}td.later{color:#505a5f}
        dl.key{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;max-width:60rem}dt{font-weight:600}
        #count{margin:.5rem 0;color:#505a5f}
        """;

    // Filters rows by the text typed: address and postcode, ignoring case and spaces ("zz14as" finds "ZZ1 4AS").
    // A link ending #q=ZZ1%204AS opens the page already searched.
    private const string Script = """
        (function(){var q=document.getElementById('q'),f=document.getElementById('find'),c=document.getElementById('count');
        var rows=[].slice.call(document.querySelectorAll('#homes tbody tr'));f.hidden=false;
        function run(){var t=q.value.toLowerCase().replace(/\s+/g,''),n=0;
        rows.forEach(function(r){var m=r.getAttribute('data-search').indexOf(t)>=0;r.hidden=!m;if(m)n++;});
        c.textContent=t?n+' of '+rows.length+' homes match':rows.length+' homes';}
        q.addEventListener('input',run);
        if(location.hash.indexOf('#q=')===0){q.value=decodeURIComponent(location.hash.slice(3));run();}})();
        """;

    /// <summary>Writes the page for <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="areas">The register's areas, for their names.</param>
    /// <param name="landlord">The landlord's name (config <c>organisation.name</c>).</param>
    /// <param name="publishedOn">The date printed as the schedule's date.</param>
    /// <param name="output">Where the page goes.</param>
    public static void Write(ImprovementSchedule schedule, IReadOnlyList<Area> areas, string landlord, LocalDate publishedOn, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(landlord);
        ArgumentNullException.ThrowIfNull(output);
        var year = schedule.Year.ToString(CultureInfo.InvariantCulture);
        var areaNames = areas.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        var components = ComponentNames.InPublishedOrder(schedule.Entries.Select(e => e.Component));
        var byHome = schedule.Entries
            .GroupBy(e => e.Home.Id, StringComparer.Ordinal)
            .Select(g => (Home: g.First().Home, Cells: g.ToDictionary(e => e.Component, StringComparer.Ordinal)))
            .OrderBy(h => AreaName(areaNames, h.Home.AreaId), StringComparer.Ordinal)
            .ThenBy(h => h.Home.Postcode, StringComparer.Ordinal)
            .ThenBy(h => h.Home.Id, StringComparer.Ordinal)
            .ToList();

        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Planned improvements ").Append(year).Append(" – ").Append(HtmlText.Escape(landlord)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>Planned improvements: when homes are eligible, and the ").Append(year).Append(" programme</h1>\n")
            .Append("<p class=\"lead\">").Append(HtmlText.Escape(landlord)).Append(" replaces kitchens, bathrooms, boilers and other parts of its homes when they reach ")
            .Append("their age for replacement, and surveys each home (a \"home MOT\") regularly. This schedule shows, for every home, the year each ")
            .Append("part is programmed for or becomes eligible. Where there are more homes due than can be done in a year, the oldest go first, then those ")
            .Append("in worst condition, and the rest move to the next year. Published ")
            .Append(HtmlText.Escape(LocalDatePattern.CreateWithInvariantCulture("d MMMM uuuu").Format(publishedOn))).Append(".</p>\n");

        WriteKey(html, schedule, components);
        WriteSummary(html, schedule, components);

        html.Append("<h2>Find your home</h2>\n")
            .Append("<div id=\"find\" hidden><label for=\"q\">Search by postcode or street</label>")
            .Append("<input id=\"q\" type=\"search\" autocomplete=\"off\" placeholder=\"e.g. ZZ1 4AS or Calder Rise\"></div>\n")
            .Append("<noscript><p>Use your browser's Find (Ctrl+F) to look for your postcode or street.</p></noscript>\n")
            .Append("<p id=\"count\">").Append(byHome.Count.ToString(CultureInfo.InvariantCulture)).Append(" homes</p>\n")
            .Append("<table id=\"homes\">\n<thead><tr><th scope=\"col\">Address</th><th scope=\"col\">Postcode</th><th scope=\"col\">Area</th>");
        foreach (var component in components)
        {
            html.Append("<th scope=\"col\">").Append(HtmlText.Escape(ComponentNames.Display(component))).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var (home, cells) in byHome)
        {
            var search = (home.Address + " " + home.Postcode).ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
            html.Append("<tr data-search=\"").Append(HtmlText.Escape(search)).Append("\"><th scope=\"row\">").Append(HtmlText.Escape(home.Address))
                .Append("</th><td>").Append(HtmlText.Escape(home.Postcode)).Append("</td><td>")
                .Append(HtmlText.Escape(AreaName(areaNames, home.AreaId))).Append("</td>");
            foreach (var component in components)
            {
                if (cells.TryGetValue(component, out var entry))
                {
                    html.Append("<td class=\"").Append(CssClass(entry.Status)).Append("\">").Append(HtmlText.Escape(entry.Describe())).Append("</td>");
                }
                else
                {
                    html.Append("<td></td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        output.Write(html);
    }

    private static void WriteKey(StringBuilder html, ImprovementSchedule schedule, IReadOnlyList<string> components)
    {
        var year = schedule.Year.ToString(CultureInfo.InvariantCulture);
        html.Append("<h2>How to read the table</h2>\n<dl class=\"key\">\n")
            .Append("<dt>").Append(year).Append("</dt><dd>programmed for ").Append(year).Append(": we will write to the tenant before work starts</dd>\n")
            .Append("<dt>").Append(schedule.Year + 1).Append(" (deferred)</dt><dd>eligible, but moved to a later year because more homes were due than we can do in ")
            .Append(year).Append("</dd>\n")
            .Append("<dt>eligible from …</dt><dd>the year the part reaches its age for replacement</dd>\n")
            .Append("<dt>eligible since …, not programmed</dt><dd>the part is due, but not part of this year's programme</dd>\n")
            .Append("<dt>").Append(ComponentEligibility.UnknownText).Append("</dt><dd>we do not know when it was fitted; we will survey it</dd>\n")
            .Append("</dl>\n<p>Ages for replacement: ");
        var ages = components
            .Select(c => (c, schedule.Entries.First(e => e.Component == c).Eligibility.LifetimeYears))
            .Select(x => $"{HtmlText.Escape(ComponentNames.Display(x.c))} {x.LifetimeYears.ToString(CultureInfo.InvariantCulture)} years");
        html.Append(string.Join(", ", ages)).Append(".</p>\n");
    }

    private static void WriteSummary(StringBuilder html, ImprovementSchedule schedule, IReadOnlyList<string> components)
    {
        var year = schedule.Year.ToString(CultureInfo.InvariantCulture);
        html.Append("<h2>The ").Append(year).Append(" programme</h2>\n<table id=\"summary\">\n<thead><tr><th scope=\"col\">Part</th>")
            .Append("<th scope=\"col\">Homes in ").Append(year).Append("</th><th scope=\"col\">Deferred to later years</th>")
            .Append("<th scope=\"col\">Survey needed</th></tr></thead>\n<tbody>\n");
        foreach (var component in components)
        {
            var entries = schedule.Entries.Where(e => e.Component == component).ToList();
            html.Append("<tr><th scope=\"row\">").Append(HtmlText.Escape(ComponentNames.Display(component))).Append("</th><td>")
                .Append(Count(entries, ScheduleStatus.Programmed)).Append("</td><td>")
                .Append(Count(entries, ScheduleStatus.Deferred)).Append("</td><td>")
                .Append(Count(entries, ScheduleStatus.SurveyNeeded)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Count(List<ScheduleEntry> entries, ScheduleStatus status) =>
        entries.Count(e => e.Status == status).ToString(CultureInfo.InvariantCulture);

    private static string AreaName(Dictionary<string, string> names, string id) => names.TryGetValue(id, out var name) ? name : id;

    private static string CssClass(ScheduleStatus status) => status switch
    {
        ScheduleStatus.Programmed => "programmed",
        ScheduleStatus.Deferred => "deferred",
        ScheduleStatus.SurveyNeeded => "unknown",
        _ => "later",
    };
}
