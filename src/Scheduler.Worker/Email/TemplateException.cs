using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Email;

/// <summary>
/// A template could not be rendered: it does not parse, names a variable the email does not have, breaks a render
/// limit or is missing. <see cref="Problems"/> name the template file, line and column (1-based).
/// </summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception from at least one problem.</summary>
    public TemplateException(IReadOnlyList<ConfigProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception from at least one problem, keeping the error that caused it.</summary>
    public TemplateException(IReadOnlyList<ConfigProblem> problems, Exception inner)
        : base(Describe(problems), inner)
    {
        Problems = problems;
    }

    public TemplateException()
        : this([])
    {
    }

    public TemplateException(string message)
        : base(message)
    {
        Problems = [];
    }

    public TemplateException(string message, Exception inner)
        : base(message, inner)
    {
        Problems = [];
    }

    /// <summary>What is wrong, where.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }

    /// <summary>
    /// True when the render was stopped by the time limit (<see cref="TemplateLimits.Timeout"/>) rather than by an
    /// error in the template: on a busy machine a sound template can run out of time, so the dispatcher tries such a
    /// message again later instead of giving it up (a template that never ends still dies after the retry policy's
    /// attempts). False for parse and run-time errors and the other limits, which happen again every time.
    /// </summary>
    public bool TimedOut { get; init; }

    private static string Describe(IReadOnlyList<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0 ? "The template could not be rendered." : string.Join(Environment.NewLine, problems);
    }
}
