using System.Collections.Concurrent;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Scheduler.Worker.Email;

/// <summary>
/// Lets templates include partials, and nothing else: <c>{{ include '_letter-style.html' }}</c> loads
/// <c>_letter-style.html.sbn</c> from the templates folder itself. Names with a path, another folder or a body
/// template are refused, so an include cannot read any other file.
/// </summary>
internal sealed class PartialLoader(string directory) : ITemplateLoader
{
    /// <summary>How many included names' paths are kept (a template that makes up names as it goes cannot grow it further).</summary>
    private const int MaxKnownPaths = 1_000;

    /// <summary>The path of each partial name already included: the name is checked once, not at every include.</summary>
    private readonly ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        if (_paths.TryGetValue(templateName, out var known))
        {
            return known;
        }

        var file = TemplateFileName.TryParse(templateName + TemplateFileName.Extension);
        if (file is not { IsPartial: true })
        {
            throw new ScriptRuntimeException(
                callerSpan,
                $"'{templateName}' is not a partial: include a file of this folder named like _name.html.sbn, written as '_name.html'.");
        }

        var path = PathOf(directory, file);
        if (_paths.Count < MaxKnownPaths)
        {
            _paths.TryAdd(templateName, path);
        }

        return path;
    }

    /// <inheritdoc />
    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
    {
        try
        {
            return File.ReadAllText(templatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptRuntimeException(callerSpan, $"The partial {templatePath} cannot be read: {e.Message}");
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        new(Load(context, callerSpan, templatePath));

    /// <summary>The path a template file has in <paramref name="directory"/>; also the key of its parsed form.</summary>
    public static string PathOf(string directory, TemplateFileName file) => Path.Join(directory, file.ToString());
}
