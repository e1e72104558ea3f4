namespace Scheduler.Worker.Email;

/// <summary>
/// Limits that stop a bad template from hanging the worker or filling memory. Exceeding any of them fails that
/// one render with a <see cref="TemplateException"/>; the worker carries on.
/// </summary>
public sealed record TemplateLimits
{
    /// <summary>Loop iterations per render, counted across nested loops (a programme of 500 orders × 8 checklist lines is 4,500).</summary>
    public int LoopLimit { get; init; } = 20_000;

    /// <summary>Depth of function recursion.</summary>
    public int RecursiveLimit { get; init; } = 20;

    /// <summary>Characters one body may have.</summary>
    public int OutputLimit { get; init; } = 2_000_000;

    /// <summary>Wall-clock time one body may take to render; the only limit that is not counted.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The defaults.</summary>
    public static TemplateLimits Default { get; } = new();
}
