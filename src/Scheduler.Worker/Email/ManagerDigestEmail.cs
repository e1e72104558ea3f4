using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Hosting.Digest;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// The daily manager digest (template <c>manager-digest</c>) to <c>organisation.digestEmail</c>. Variables:
/// <c>organisation</c>, <c>print</c>, and <c>digest</c>: <c>date</c> (a date), <c>section_count</c>, <c>sections</c>
/// (in the order given), each with <c>title</c>, <c>summary</c>, <c>count</c> (lines) and <c>groups</c>: its lines
/// grouped by <see cref="DigestLine.Group"/> (the ungrouped first, then by name), each group with <c>name</c>,
/// <c>has_name</c>, <c>count</c> and <c>lines</c> (<c>reference</c>, <c>text</c>). Every string is escaped for HTML.
/// </summary>
public sealed record ManagerDigestEmail(Organisation Organisation, LocalDate Date, IReadOnlyList<DigestSection> Sections) : EmailModel
{
    /// <summary>The template's name.</summary>
    public const string Template = "manager-digest";

    /// <inheritdoc />
    public override string TemplateName => Template;

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        var sections = new ScriptArray();
        foreach (var section in Sections)
        {
            var groups = new ScriptArray();
            foreach (var group in section.Lines.GroupBy(l => l.Group, StringComparer.Ordinal).OrderBy(g => g.Key.Length == 0 ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                var lines = new ScriptArray();
                foreach (var line in group)
                {
                    lines.Add(new ScriptObject { ["reference"] = values.Text(line.Reference), ["text"] = values.Text(line.Text) });
                }

                groups.Add(new ScriptObject
                {
                    ["name"] = values.Text(group.Key),
                    ["has_name"] = group.Key.Length > 0,
                    ["count"] = lines.Count,
                    ["lines"] = lines,
                });
            }

            sections.Add(new ScriptObject
            {
                ["title"] = values.Text(section.Title),
                ["summary"] = values.Text(section.Summary),
                ["count"] = section.Lines.Count,
                ["groups"] = groups,
            });
        }

        globals["organisation"] = values.Organisation(Organisation);
        globals["digest"] = new ScriptObject
        {
            ["date"] = TemplateValues.Date(Date),
            ["section_count"] = Sections.Count,
            ["sections"] = sections,
        };
    }
}
