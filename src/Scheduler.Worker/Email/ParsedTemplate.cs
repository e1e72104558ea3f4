using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scriban;

namespace Scheduler.Worker.Email;

/// <summary>A template file read and parsed: the template, or the problems that stop it parsing.</summary>
internal sealed record ParsedTemplate(string Path, Template? Template, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>Reads and parses <paramref name="path"/>; a file that cannot be read is a problem too.</summary>
    public static ParsedTemplate Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ParsedTemplate(path, null, [new ConfigProblem(new SourceLocation(path, 0, 0), $"the template cannot be read: {e.Message}")]);
        }

        var template = Template.Parse(text, path);
        if (!template.HasErrors)
        {
            return new ParsedTemplate(path, template, []);
        }

        var problems = template.Messages
            .Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error)
            .Select(m => new ConfigProblem(new SourceLocation(path, m.Span.Start.Line + 1, m.Span.Start.Column + 1), m.Message))
            .ToList();
        return new ParsedTemplate(path, null, problems);
    }
}
