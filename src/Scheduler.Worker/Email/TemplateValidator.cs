using Scheduler.Domain;
using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Email;

/// <summary>Finds every problem in a templates folder at once; see <see cref="TemplateRenderer.ValidateTemplates"/>.</summary>
internal static class TemplateValidator
{
    public static IReadOnlyList<ConfigProblem> Validate(string directory, TemplateLimits limits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return [new ConfigProblem(new SourceLocation(directory, 0, 0), "the templates folder does not exist")];
        }

        var problems = new List<ConfigProblem>();
        var renderer = new TemplateRenderer(directory, limits);
        var files = new List<TemplateFileName>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + TemplateFileName.Extension).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (TemplateFileName.TryParse(name) is not { } file)
            {
                problems.Add(new ConfigProblem(
                    new SourceLocation(path, 0, 0),
                    "the file name does not follow the convention, so no email uses it",
                    name,
                    "name.language.txt.sbn, name.language.html.sbn, name.language.large.html.sbn or _partial.html.sbn / _partial.txt.sbn (lower case)"));
                continue;
            }

            files.Add(file);
            problems.AddRange(renderer.Parse(path).Problems);
            if (file.Format == TemplateFormat.Html)
            {
                problems.AddRange(DoubleEscapes(path));
            }

            if (!file.IsPartial && !EmailSamples.TemplateNames.Contains(file.Name, StringComparer.Ordinal))
            {
                problems.Add(new ConfigProblem(
                    new SourceLocation(path, 0, 0),
                    "no email uses a template of this name",
                    file.Name,
                    string.Join(", ", EmailSamples.TemplateNames)));
            }
        }

        var bodies = files.Where(f => !f.IsPartial).ToList();
        foreach (var name in EmailSamples.TemplateNames)
        {
            foreach (var format in new[] { TemplateFormat.Text, TemplateFormat.Html })
            {
                var required = TemplateFileName.Body(name, TemplateRenderer.DefaultLanguage, format);
                if (!bodies.Contains(required))
                {
                    problems.Add(new ConfigProblem(new SourceLocation(PartialLoader.PathOf(directory, required), 0, 0), "this required template is missing"));
                }
            }
        }

        var known = bodies.Where(f => EmailSamples.TemplateNames.Contains(f.Name, StringComparer.Ordinal)).ToList();
        foreach (var file in known.Where(f => !f.LargePrint && f.Language != TemplateRenderer.DefaultLanguage))
        {
            var other = file with { Format = file.Format == TemplateFormat.Html ? TemplateFormat.Text : TemplateFormat.Html };
            if (!known.Contains(other))
            {
                problems.Add(new ConfigProblem(
                    new SourceLocation(PartialLoader.PathOf(directory, file), 0, 0),
                    $"{other} is missing, so this language falls back to English for this email"));
            }
        }

        foreach (var file in known.Where(f => f.LargePrint))
        {
            if (!known.Contains(file with { LargePrint = false }))
            {
                problems.Add(new ConfigProblem(
                    new SourceLocation(PartialLoader.PathOf(directory, file), 0, 0),
                    $"a large-print template needs its standard one too ({file with { LargePrint = false }})"));
            }
        }

        foreach (var file in bodies)
        {
            problems.AddRange(RenderSamples(renderer, directory, file));
        }

        // Only what the emails did not meet already (a typo in the partial is listed once, from the emails).
        foreach (var problem in SlotWordsProblems(renderer, directory).Except(problems).ToList())
        {
            problems.Add(problem with { Message = $"{problem.Message} (the calendar's .ics words an appointment with this partial, given only the appointment as $1)" });
        }

        return problems
            .Distinct()
            .OrderBy(p => p.Location.File, StringComparer.Ordinal)
            .ThenBy(p => p.Location.Line)
            .ThenBy(p => p.Location.Column)
            .ToList();
    }

    private static IEnumerable<ConfigProblem> RenderSamples(TemplateRenderer renderer, string directory, TemplateFileName file)
    {
        var path = PartialLoader.PathOf(directory, file);
        if (renderer.Parse(path).Template is null)
        {
            yield break;
        }

        foreach (var sample in EmailSamples.For(file.Name))
        {
            IReadOnlyList<ConfigProblem> found = [];
            try
            {
                var output = renderer.RenderBody(path, sample, file.Format, CancellationToken.None);
                if (file.Format == TemplateFormat.Text)
                {
                    TemplateRenderer.SplitSubject(output, path);
                }
            }
            catch (TemplateException e)
            {
                found = e.Problems;
            }

            foreach (var problem in found)
            {
                yield return problem;
            }
        }
    }

    /// <summary>
    /// What goes wrong when the calendar words the sample appointments with <see cref="TemplateRenderer.SlotPartial"/>:
    /// it renders the partial with the appointment alone (<c>$1</c>), so a partial that reads anything else (an
    /// <c>order</c>, the <c>organisation</c>) works in the emails but not there.
    /// </summary>
    private static IEnumerable<ConfigProblem> SlotWordsProblems(TemplateRenderer renderer, string directory)
    {
        var partial = Path.Join(directory, TemplateRenderer.SlotPartial + TemplateFileName.Extension);
        if (!File.Exists(partial) || renderer.Parse(partial).Template is null)
        {
            yield break; // none (the calendar has its own words), or it does not parse (listed already)
        }

        foreach (var appointment in EmailSamples.Appointments)
        {
            IReadOnlyList<ConfigProblem> found = [];
            try
            {
                renderer.SlotWords(appointment);
            }
            catch (TemplateException e)
            {
                found = e.Problems;
            }

            foreach (var problem in found)
            {
                yield return problem;
            }
        }
    }

    /// <summary>Each <c>html.escape</c> in an HTML template: values arrive escaped, so it would escape them twice.</summary>
    private static IEnumerable<ConfigProblem> DoubleEscapes(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf("html.escape", StringComparison.Ordinal);
            if (column >= 0)
            {
                yield return new ConfigProblem(
                    new SourceLocation(path, i + 1, column + 1),
                    "html.escape is not needed: values reach HTML templates escaped already, so it would show '&amp;' for '&'");
            }
        }
    }
}
