using System.Collections.Concurrent;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Scheduler.Worker.Email;

/// <summary>
/// Renders emails from the Scriban templates in one folder (see <see cref="TemplateFileName"/> for the naming).
/// The folder's file list is read once, when the renderer is made; each template is parsed once, the first time it
/// is needed, and kept (partials too). Every render runs in a <see cref="TemplateContext"/> with <c>StrictVariables</c>
/// on (an unknown variable or member is an error, not an empty string), the <see cref="TemplateLimits"/>, and only the
/// email's small view model (HTML-escaped for HTML bodies, see <see cref="TemplateValues"/>). Contexts are pooled: one
/// is used by one render at a time, <see cref="TemplateContext.Reset"/> before each (output, globals, loop and output
/// counters, include cache — the parsed partials are put back), with a new globals object per render; a context
/// whose render failed is dropped, not reused. Building a context (its 21 kB of state) was most of a render's cost.
/// Thread-safe.
/// </summary>
public sealed class TemplateRenderer
{
    /// <summary>The language every template exists in, and the fallback for any other.</summary>
    public const string DefaultLanguage = "en";

    private readonly HashSet<string> _files;
    private readonly List<TemplateFileName> _partials;
    private readonly ConcurrentDictionary<string, Lazy<ParsedTemplate>> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<TemplateContext> _contexts = [];
    private readonly PartialLoader _loader;
    private readonly Lazy<(string Path, Template Template)[]> _parsedPartials;

    /// <summary>How many selections (template, language, print size) are kept; the file list is fixed, so each is made once.</summary>
    private const int MaxKnownSelections = 1_000;

    private readonly ConcurrentDictionary<(string Template, string Language, bool LargePrint), (string Language, string TextFile, string HtmlFile)> _selected = new();

    /// <summary>
    /// Makes a renderer for <paramref name="directory"/>. Throws <see cref="DirectoryNotFoundException"/> with the
    /// folder's name when it does not exist. Template errors surface when a template is first used (or all at once
    /// from <see cref="ValidateTemplates"/>).
    /// </summary>
    public TemplateRenderer(string directory, TemplateLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The templates folder '{directory}' does not exist.");
        }

        Directory = directory;
        Limits = limits ?? TemplateLimits.Default;
        _files = System.IO.Directory.EnumerateFiles(directory, "*" + TemplateFileName.Extension)
            .Select(Path.GetFileName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        _partials = _files.Select(TemplateFileName.TryParse).OfType<TemplateFileName>().Where(f => f.IsPartial).ToList();
        _loader = new PartialLoader(directory);
        _parsedPartials = new Lazy<(string, Template)[]>(ParsedPartials);
    }

    /// <summary>The templates folder.</summary>
    public string Directory { get; }

    /// <summary>The limits every render runs under.</summary>
    public TemplateLimits Limits { get; }

    /// <summary>
    /// Lists every problem in the templates of <paramref name="directory"/> at once: files that do not follow the
    /// naming convention, templates that do not parse, required templates that are missing in English, a language
    /// with only one of the two bodies, a plain-text body without its subject line, <c>html.escape</c> in an HTML
    /// template (values arrive escaped already), and errors found by rendering every template with sample data.
    /// Each problem names the file, line and column. Empty when all is well.
    /// </summary>
    public static IReadOnlyList<ConfigProblem> ValidateTemplates(string directory, TemplateLimits? limits = null) =>
        TemplateValidator.Validate(directory, limits ?? TemplateLimits.Default);

    /// <summary>
    /// What the templates of <paramref name="directory"/> may have lost that the product relies on but no send can notice
    /// (<see cref="TemplateWarnings"/>): a contractor notice without the changed-address, changed-window or
    /// changed-appointment wording (or never testing <c>order.is_update</c>), the feedback link or the reference; a tenant
    /// letter without its reference, the accessible-formats paragraph or any way to reach the organisation; a subject line
    /// that renders empty, overlong or not as its line alone; and, with <paramref name="configuration"/>, a notice or
    /// programme that never shows the checklist a service there has. Warnings, not problems: the messages still render
    /// and go. Empty when all is well. <c>validate</c>, the worker's start and its config reload pass the configuration.
    /// </summary>
    public static IReadOnlyList<ConfigProblem> TemplateWarnings(string directory, EstateConfiguration? configuration = null, TemplateLimits? limits = null) =>
        Email.TemplateWarnings.Find(directory, limits ?? TemplateLimits.Default, configuration);

    /// <summary>
    /// Renders <paramref name="model"/>: its template in its language (falling back to English when that language
    /// has no pair of templates), the large-print HTML when asked for and present. Throws
    /// <see cref="TemplateException"/> naming the file, line and column when a template is missing, does not parse,
    /// fails at run time or breaks a limit; <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public RenderedEmail Render(EmailModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (language, textFile, htmlFile) = Select(model.TemplateName, model.Language, model.LargePrint);
        var text = RenderBody(textFile, model, TemplateFormat.Text, cancellationToken);
        var html = RenderBody(htmlFile, model, TemplateFormat.Html, cancellationToken);
        var (subject, body) = SplitSubject(text, textFile);
        return new RenderedEmail(subject, body, html, language, textFile, htmlFile);
    }

    /// <summary>
    /// The language and files a render of <paramref name="templateName"/> uses: the first of the language tag
    /// (lower-cased), its primary part (<c>pt</c> for <c>pt-br</c>) and English that has both a <c>.txt.sbn</c> and
    /// an <c>.html.sbn</c>; for large print, <c>.large.html.sbn</c> when that exists. Throws
    /// <see cref="TemplateException"/> when not even English exists.
    /// </summary>
    public (string Language, string TextFile, string HtmlFile) Select(string templateName, string language, bool largePrint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templateName);
        var key = (templateName, language ?? string.Empty, largePrint);
        if (_selected.TryGetValue(key, out var known))
        {
            return known;
        }

        var selected = SelectFromFiles(templateName, language, largePrint);
        if (_selected.Count < MaxKnownSelections)
        {
            _selected.TryAdd(key, selected);
        }

        return selected;
    }

    /// <summary><see cref="Select"/> worked out from the folder's file list.</summary>
    private (string Language, string TextFile, string HtmlFile) SelectFromFiles(string templateName, string? language, bool largePrint)
    {
        foreach (var candidate in LanguageCandidates(language))
        {
            var text = TemplateFileName.Body(templateName, candidate, TemplateFormat.Text);
            var html = TemplateFileName.Body(templateName, candidate, TemplateFormat.Html);
            if (!_files.Contains(text.ToString()) || !_files.Contains(html.ToString()))
            {
                continue;
            }

            var large = TemplateFileName.Body(templateName, candidate, TemplateFormat.Html, largePrint: true);
            if (largePrint && _files.Contains(large.ToString()))
            {
                html = large;
            }

            return (candidate, PartialLoader.PathOf(Directory, text), PartialLoader.PathOf(Directory, html));
        }

        var missing = TemplateFileName.Body(templateName, DefaultLanguage, TemplateFormat.Text);
        throw new TemplateException(
        [
            new ConfigProblem(
                new SourceLocation(PartialLoader.PathOf(Directory, missing), 0, 0),
                $"Template '{templateName}' is missing: every template needs {templateName}.{DefaultLanguage}.txt.sbn and {templateName}.{DefaultLanguage}.html.sbn"),
        ]);
    }

    /// <summary>Languages to try, best first: the tag, its primary part, English.</summary>
    internal static IEnumerable<string> LanguageCandidates(string? language)
    {
        var tag = (language ?? string.Empty).Trim().Replace('_', '-').ToLowerInvariant();
        if (TemplateFileName.IsLanguageTag(tag))
        {
            yield return tag;
            var dash = tag.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                yield return tag[..dash];
            }
        }

        yield return DefaultLanguage;
    }

    /// <summary>
    /// The partial that words an appointment's slot for a contractor: the templates include it as
    /// <c>{{ include '_order-slot.txt' order.appointment }}</c>, and the calendar's <c>DESCRIPTION</c> takes its words
    /// from it too (<see cref="SlotWords"/>), so the email and the <c>.ics</c> say the slot the same way.
    /// </summary>
    public const string SlotPartial = "_order-slot.txt";

    /// <summary>The partial included with the appointment as its one argument (<c>$1</c>), as the contractor templates do.</summary>
    private static readonly Template SlotInclude = Template.Parse($"{{{{ include '{SlotPartial}' appointment }}}}");

    /// <summary>How many appointments' words are kept (a year has a few hundred days and slots).</summary>
    private const int MaxKnownSlotWords = 4_096;

    private readonly ConcurrentDictionary<OrderAppointment, string> _slotWords = new();

    /// <summary>
    /// The words of <see cref="SlotPartial"/> for <paramref name="appointment"/> ("morning, between 8am and 12 noon"),
    /// rendered as in a plain-text body with the appointment as <c>$1</c> (and nothing else: the calendar has no email
    /// around it), control characters made spaces, trimmed; null when the folder has no <c>_order-slot.txt.sbn</c>.
    /// Kept per appointment (day, slot, hours), which is all the partial sees. Throws <see cref="TemplateException"/>
    /// as <see cref="Render"/> does, e.g. for a partial that reads a variable other than <c>$1</c>.
    /// </summary>
    public string? SlotWords(OrderAppointment appointment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        if (_slotWords.TryGetValue(appointment, out var known))
        {
            return known;
        }

        const string file = SlotPartial + TemplateFileName.Extension;
        if (!_files.Contains(file))
        {
            return null;
        }

        var globals = new ScriptObject { ["appointment"] = new TemplateValues(TemplateFormat.Text).Appointment(appointment) };
        var words = TemplateValues.OneLine(RenderTemplate(SlotInclude, Path.Join(Directory, file), globals, 0, cancellationToken)).Trim();
        if (_slotWords.Count < MaxKnownSlotWords)
        {
            _slotWords.TryAdd(appointment, words);
        }

        return words;
    }

    /// <summary>
    /// Renders <paramref name="template"/>, parsed from text rather than a file of the folder (a subject line alone, for
    /// <see cref="Email.TemplateWarnings"/>), as a body of <paramref name="format"/> for <paramref name="model"/>; null when
    /// it fails.
    /// </summary>
    internal string? RenderSource(Template template, string path, EmailModel model, TemplateFormat format)
    {
        var globals = new ScriptObject();
        model.Fill(globals, new TemplateValues(format));
        globals["print"] = TemplateValues.Print(model.LargePrint);
        try
        {
            return RenderTemplate(template, path, globals, model.ListedItems, CancellationToken.None);
        }
        catch (TemplateException)
        {
            return null;
        }
    }

    /// <summary>Renders one body from its file; see <see cref="Render"/> for the errors.</summary>
    internal string RenderBody(string path, EmailModel model, TemplateFormat format, CancellationToken cancellationToken)
    {
        var parsed = Parse(path);
        if (parsed.Template is null)
        {
            throw new TemplateException(parsed.Problems);
        }

        var globals = new ScriptObject();
        model.Fill(globals, new TemplateValues(format));
        globals["print"] = TemplateValues.Print(model.LargePrint);
        return RenderTemplate(parsed.Template, path, globals, model.ListedItems, cancellationToken);
    }

    /// <summary>
    /// Renders <paramref name="template"/> (from <paramref name="path"/>, which errors name when Scriban gives no file)
    /// with <paramref name="globals"/> in a pooled context, under the limits for <paramref name="items"/> listed items.
    /// </summary>
    private string RenderTemplate(Template template, string path, ScriptObject globals, int items, CancellationToken cancellationToken)
    {
        // The limits grow with what the email lists (a programme's orders; TemplateLimits), set on every render: contexts are pooled.
        var timeLimit = Limits.TimeoutFor(items);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        var context = RentContext(timeout.Token);
        context.LoopLimit = Limits.LoopLimitFor(items);
        context.OutputLimit = Limits.OutputLimitFor(items);
        context.PushGlobal(globals);
        try
        {
            var rendered = template.Render(context);
            ReturnContext(context);
            return rendered;
        }
        catch (Exception e) when (e is ScriptAbortException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TemplateException(
                [new ConfigProblem(Where(e as ScriptRuntimeException, path), $"the template took longer than {timeLimit.TotalSeconds:0.###} s to render and was stopped (a loop that never ends?)")],
                e)
            {
                TimedOut = true,
            };
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateException([new ConfigProblem(Where(e, path), e.OriginalMessage)], e);
        }
    }

    /// <summary>A context from the pool (or a new one), reset, with the parsed partials and <paramref name="cancellationToken"/>.</summary>
    private TemplateContext RentContext(CancellationToken cancellationToken)
    {
        if (!_contexts.TryTake(out var context))
        {
            return NewContext(cancellationToken);
        }

        context.Reset();
        context.CancellationToken = cancellationToken;
        AddPartials(context);
        return context;
    }

    /// <summary>Puts a context whose render succeeded back in the pool, holding no token or model.</summary>
    private void ReturnContext(TemplateContext context)
    {
        context.CancellationToken = CancellationToken.None;
        context.Reset();
        _contexts.Add(context);
    }

    private TemplateContext NewContext(CancellationToken cancellationToken)
    {
        var context = new TemplateContext(SharedBuiltins.Value)
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = Limits.LoopLimit,
            RecursiveLimit = Limits.RecursiveLimit,
            OutputLimit = Limits.OutputLimit,
            OnOutputLimit = Scriban.ScriptLimitBehavior.Throw,
            CancellationToken = cancellationToken,
            TemplateLoader = _loader,
            MemberRenamer = member => member.Name,
        };

        AddPartials(context);
        return context;
    }

    /// <summary>Puts the parsed partials in the context's include cache (which <see cref="TemplateContext.Reset"/> empties).</summary>
    private void AddPartials(TemplateContext context)
    {
        foreach (var (path, template) in _parsedPartials.Value)
        {
            context.CachedTemplates[path] = template;
        }
    }

    /// <summary>The partials that parse, with their paths: parsed at the first render, then the same list for every render.</summary>
    private (string Path, Template Template)[] ParsedPartials() =>
        [.. _partials
            .Select(partial => PartialLoader.PathOf(Directory, partial))
            .Select(path => (path, Parse(path).Template))
            .Where(p => p.Template is not null)
            .Select(p => (p.path, p.Template!))];

    /// <summary>
    /// Scriban's builtin functions (<c>string</c>, <c>array</c>, <c>date</c>, <c>html</c>…), made once and shared by every
    /// render: building them is most of the cost of a new <see cref="TemplateContext"/> (about 15× a context that reuses
    /// them). <c>date.now</c> is removed (templates must not read the clock), and the whole tree is read-only, so a
    /// template that tries to change a builtin (<c>date.format = …</c>) fails with an error instead of changing it for
    /// later renders; a template's own variables go to its render's globals, which are new each time. <c>include</c> is
    /// <see cref="PartialInclude"/>: Scriban's, rendering into a pooled output.
    /// </summary>
    private static readonly Lazy<ScriptObject> SharedBuiltins = new(() =>
    {
        var builtins = new TemplateContext().BuiltinObject;
        builtins.SetValue("include", new PartialInclude(), readOnly: true);
        if (builtins["date"] is ScriptObject date)
        {
            date.Remove("now");
        }

        Freeze(builtins);
        return builtins;
    });

    private static void Freeze(ScriptObject scriptObject)
    {
        foreach (var value in scriptObject.Values)
        {
            if (value is ScriptObject child && !child.IsReadOnly)
            {
                Freeze(child);
            }
        }

        scriptObject.IsReadOnly = true;
    }

    /// <summary>Parses a template file once; later calls return the same result.</summary>
    internal ParsedTemplate Parse(string path) =>
        _parsed.GetOrAdd(path, static p => new Lazy<ParsedTemplate>(() => ParsedTemplate.Load(p))).Value;

    /// <summary>
    /// The subject line (the first line that is not blank, which must start with <c>Subject:</c>) and the body after it,
    /// from its first line that is not blank, with CRLF line ends made LF. Reads the text in place: the body is one
    /// substring of it, not the text split into lines and joined again.
    /// </summary>
    internal static (string Subject, string Body) SplitSubject(string text, string path)
    {
        const string prefix = "Subject:";
        var normalized = text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal) : text;
        var start = SkipBlankLines(normalized, 0);
        var line = start < 0 ? default : Line(normalized, start).TrimStart();
        if (start < 0 || !line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new TemplateException(
                [new ConfigProblem(new SourceLocation(path, 1, 1), "a plain-text template must start with the subject line, e.g. 'Subject: Work order {{ order.reference }}'")]);
        }

        var subject = TemplateValues.OneLine(line[prefix.Length..].ToString()).Trim();
        var end = normalized.IndexOf('\n', start);
        var body = end < 0 ? -1 : SkipBlankLines(normalized, end + 1);
        return (subject, body < 0 ? string.Empty : normalized[body..]);
    }

    /// <summary>Where the first line at or after <paramref name="start"/> that is not blank begins; -1 when there is none.</summary>
    private static int SkipBlankLines(string text, int start)
    {
        while (true)
        {
            if (!Line(text, start).IsWhiteSpace())
            {
                return start;
            }

            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                return -1;
            }

            start = end + 1;
        }
    }

    /// <summary>The line that begins at <paramref name="start"/>, without its LF.</summary>
    private static ReadOnlySpan<char> Line(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return text.AsSpan(start, (end < 0 ? text.Length : end) - start);
    }

    private static SourceLocation Where(ScriptRuntimeException? e, string path) =>
        e is null
            ? new SourceLocation(path, 0, 0)
            : new SourceLocation(string.IsNullOrEmpty(e.Span.FileName) ? path : e.Span.FileName, e.Span.Start.Line + 1, e.Span.Start.Column + 1);
}
