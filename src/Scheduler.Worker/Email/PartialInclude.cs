using System.Runtime.CompilerServices;
using System.Text;
using Scriban;
using Scriban.Functions;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Scheduler.Worker.Email;

/// <summary>
/// The templates' <c>include</c> function: Scriban's own (<see cref="IncludeFunction"/>, with
/// <see cref="TemplateContext.RenderTemplate"/>), step for step — the same checks and errors, the recursion limit, the
/// partial's own local scope and arguments, its indentation state kept apart and put back — except that the partial is
/// rendered into an output taken from a small per-thread pool instead of a new one. Scriban's makes a new
/// <see cref="StringBuilder"/> for every include, grows it from 16 characters chunk by chunk, and then copies it once
/// more when emptying it, which was about a third of what a render allocated. The partial's text is returned as before,
/// for the caller to write.
/// </summary>
internal sealed class PartialInclude : IScriptCustomFunction, IScriptFunctionInfo
{
    /// <summary>The longest output (characters of capacity) kept in the pool; a larger one is left to the collector.</summary>
    private const int MaxKeptCapacity = 256 * 1024;

    private static readonly IncludeFunction Scriban = new();

    [ThreadStatic]
    private static Stack<StringBuilderOutput>? t_outputs;

    /// <inheritdoc />
    public int RequiredParameterCount => Scriban.RequiredParameterCount;

    /// <inheritdoc />
    public int ParameterCount => Scriban.ParameterCount;

    /// <inheritdoc />
    public ScriptVarParamKind VarParamKind => Scriban.VarParamKind;

    /// <inheritdoc />
    public Type ReturnType => Scriban.ReturnType;

    /// <inheritdoc />
    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var span = callerContext?.Span ?? context.CurrentSpan;
        var caller = callerContext ?? context.CurrentNode;
        if (arguments.Count == 0)
        {
            throw new ScriptRuntimeException(span, "Expecting at least the name of the template to include for the <include> function");
        }

        var name = context.ObjectToString(arguments[0]);
        if (caller is null)
        {
            throw new ScriptRuntimeException(span, "Unable to resolve the include caller context.");
        }

        var path = context.GetTemplatePathFromName(name, caller);
        if (path is null)
        {
            return null;
        }

        var template = context.GetOrCreateTemplate(path, caller);
        return Render(context, template, arguments, caller);
    }

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        Scriban.InvokeAsync(context, callerContext, arguments, blockStatement);

    /// <inheritdoc />
    public ScriptParameterInfo GetParameterInfo(int index) => Scriban.GetParameterInfo(index);

    /// <summary><see cref="TemplateContext.RenderTemplate"/>, with the output from the pool.</summary>
    private static string Render(TemplateContext context, Template template, ScriptArray arguments, ScriptNode caller)
    {
        context.EnterRecursive(caller);
        var indent = context.CurrentIndent;
        var previousTextWasNewLine = PreviousTextWasNewLine(context);
        context.CurrentIndent = null;
        var output = RentOutput();
        context.PushOutput(output);
        var named = HasNamedArguments(caller) ? FetchNamedArguments(context, caller) : null;
        context.PushLocal();
        try
        {
            context.SetValue(ScriptVariable.Arguments, arguments, asReadOnly: true, force: true);
            if (named is not null)
            {
                foreach (var (key, value) in named)
                {
                    context.SetValue(ScriptVariable.Create(key, ScriptVariableScope.Local), value, asReadOnly: false, force: true);
                }
            }

            if (indent is not null)
            {
                context.ResetPreviousNewLine();
            }

            return template.Render(context);
        }
        finally
        {
            context.PopLocal();
            context.PopOutput();
            ReturnOutput(output);
            context.CurrentIndent = indent;
            PreviousTextWasNewLine(context) = previousTextWasNewLine;
            context.ExitRecursive(caller);
        }
    }

    /// <summary>
    /// True when the call names an argument (<c>include 'x' name: value</c>). Scriban collects them into a new dictionary
    /// whenever the call has any argument, the partial's name included, and that dictionary is then empty.
    /// </summary>
    private static bool HasNamedArguments(ScriptNode caller)
    {
        if (caller is not ScriptFunctionCall call)
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument is ScriptNamedArgument)
            {
                return true;
            }
        }

        return false;
    }

    private static StringBuilderOutput RentOutput()
    {
        var outputs = t_outputs ??= new Stack<StringBuilderOutput>();
        if (!outputs.TryPop(out var output))
        {
            return new StringBuilderOutput(new StringBuilder(4096));
        }

        output.Builder.Clear();
        return output;
    }

    private static void ReturnOutput(StringBuilderOutput output)
    {
        if (output.Builder.Capacity <= MaxKeptCapacity)
        {
            output.Builder.Clear();
            (t_outputs ??= new Stack<StringBuilderOutput>()).Push(output);
        }
    }

    /// <summary>Scriban's record of whether the last text written ended a line (for indentation), which it keeps private.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_previousTextWasNewLine")]
    private static extern ref bool PreviousTextWasNewLine(TemplateContext context);

    /// <summary>Scriban's own collection of a call's named arguments, evaluated, which it keeps private.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "FetchNamedArguments")]
    private static extern Dictionary<string, object?>? FetchNamedArguments(TemplateContext context, ScriptNode? callerContext);
}
