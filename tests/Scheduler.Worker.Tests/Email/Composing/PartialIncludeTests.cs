using Scheduler.Worker.Email;
using Scriban;
using Scriban.Runtime;

namespace Scheduler.Worker.Tests.Email.Composing;

/// <summary>
/// Templates' <c>include</c> renders partials into a pooled output since branch <c>compose8</c>
/// (<see cref="PartialInclude"/>); what a template gets must be what Scriban's own include gives: the same text
/// (indentation, whitespace control, named arguments, loops, nested partials), the same errors, the recursion limit.
/// Each case renders one template both ways: with the renderer, and with a Scriban context as Scriban makes it.
/// </summary>
public sealed class PartialIncludeTests
{
    private static readonly EmailModel Model = EmailSamples.For(ContractorWorkOrderEmail.Template)[0];

    public static TheoryData<string, string> Templates => new()
    {
        { "plain", "{{ include '_p.txt' }}" },
        { "indented", "Start\n    {{ include '_p.txt' }}\nEnd\n" },
        { "indented twice", "  {{ include '_p.txt' }}\n\t\t{{ include '_p.txt' }}\n" },
        { "text before it on the line", "A: {{ include '_p.txt' }} :B\n  x {{ include '_p.txt' }}\n" },
        { "whitespace control", "Start\n   {{~ include '_p.txt' ~}}   \nEnd\n  {{- include '_p.txt' -}}\n" },
        { "in a loop", "{{ for item in order.checklist }}\n  - {{ include '_p.txt' }}\n{{ end }}" },
        { "named arguments", "{{ include '_args.txt' who: 'named' count: 3 }}|{{ include '_args.txt' }}" },
        { "positional arguments", "{{ include '_pos.txt' 'first' 2 }}" },
        { "nested", "<{{ include '_outer.txt' }}>\n  [{{ include '_outer.txt' }}]" },
        { "as a value", "{{ x = include '_p.txt' }}{{ x | string.size }}:{{ x | string.upcase }}" },
        { "shipped order partial", "{{ include '_order.txt' }}\n{{ include '_order.html' }}" },
        { "local variables stay in the partial", "{{ include '_local.txt' }}{{ y ?? 'no y' }}" },
        { "self-recursive", "{{ include '_self.txt' }}" },
        { "not a partial", "{{ include 'x' }}" },
        { "missing partial", "{{ include '_missing.txt' }}" },
        { "no name", "{{ include }}" },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Include_Template_SameOutputOrErrorAsScribansInclude(string name, string template)
    {
        using var folder = new TemplateFolder();
        folder.Write("_p.txt.sbn", "line one {{ order.reference }}\nline two\n\n  line four");
        folder.Write("_args.txt.sbn", "{{ who ?? 'nobody' }} {{ count ?? 0 }} {{ $.size }}");
        folder.Write("_pos.txt.sbn", "{{ $0 }}-{{ $1 }}-{{ $2 }}");
        folder.Write("_outer.txt.sbn", "outer(\n  {{ include '_p.txt' }}\n)");
        folder.Write("_local.txt.sbn", "{{ y = 'set inside' }}{{ y }};");
        folder.Write("_self.txt.sbn", "x{{ include '_self.txt' }}");
        var path = folder.Write("body.sbn", template);

        var ours = Outcome(() => folder.Renderer().RenderBody(path, Model, TemplateFormat.Text, CancellationToken.None));
        var scribans = Outcome(() => Scribans(folder.Path, path));

        Assert.True(ours == scribans, $"{name}:\nours:     {Escaped(ours)}\nScriban's: {Escaped(scribans)}");
    }

    [Fact]
    public void Include_ManyRenders_OutputsReusedWithoutLeaking()
    {
        var renderer = EmailTestData.Renderer();
        var first = renderer.Render(Model);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first, renderer.Render(Model));
        }
    }

    /// <summary>The text, or the error's message (renderer errors carry only the message).</summary>
    private static string Outcome(Func<string> render)
    {
        try
        {
            return "ok: " + render();
        }
        catch (TemplateException e)
        {
            return "error: " + e.Problems[0].Message;
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            return "error: " + e.OriginalMessage;
        }
    }

    /// <summary>The template rendered by a context as Scriban makes it (its own builtins and include), with the renderer's settings and values.</summary>
    private static string Scribans(string directory, string path)
    {
        var limits = TemplateLimits.Default;
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = limits.LoopLimit,
            RecursiveLimit = limits.RecursiveLimit,
            OutputLimit = limits.OutputLimit,
            OnOutputLimit = Scriban.ScriptLimitBehavior.Throw,
            TemplateLoader = new PartialLoader(directory),
            MemberRenamer = member => member.Name,
        };
        var globals = new ScriptObject();
        Model.Fill(globals, new TemplateValues(TemplateFormat.Text));
        globals["print"] = TemplateValues.Print(Model.LargePrint);
        context.PushGlobal(globals);
        return Template.Parse(File.ReadAllText(path), path).Render(context);
    }

    private static string Escaped(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
