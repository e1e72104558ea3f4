namespace Scheduler.Worker.Email;

/// <summary>
/// Limits that stop a bad template from hanging the worker or filling memory. Exceeding any of them fails that
/// one render with a <see cref="TemplateException"/>; the worker carries on. An email that lists many items (a
/// contractor's weekly programme lists its orders) gets a fixed allowance per item on top of each limit
/// (<see cref="LoopLimitFor"/>, <see cref="OutputLimitFor"/>, <see cref="TimeoutFor"/>), so a good template renders a
/// programme of any size while a template that loops or writes without end is still stopped.
/// </summary>
public sealed record TemplateLimits
{
    /// <summary>Loop iterations per render, counted across nested loops, before the per-item allowance.</summary>
    public int LoopLimit { get; init; } = 20_000;

    /// <summary>Loop iterations each listed item adds to <see cref="LoopLimit"/> (an order's checklist lines, follow-ups, …).</summary>
    public int LoopsPerItem { get; init; } = 100;

    /// <summary>Depth of function recursion.</summary>
    public int RecursiveLimit { get; init; } = 20;

    /// <summary>Characters one body may have, before the per-item allowance.</summary>
    public int OutputLimit { get; init; } = 2_000_000;

    /// <summary>Characters each listed item adds to <see cref="OutputLimit"/> (a full order block in HTML is about 1,500).</summary>
    public int OutputPerItem { get; init; } = 10_000;

    /// <summary>Wall-clock time one body may take to render, before the per-item allowance; the only limit that is not counted.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time each listed item adds to <see cref="Timeout"/> (a programme's order renders in tens of microseconds).</summary>
    public TimeSpan TimeoutPerItem { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The defaults.</summary>
    public static TemplateLimits Default { get; } = new();

    /// <summary>The loop limit of an email that lists <paramref name="items"/> items (at most <see cref="int.MaxValue"/>).</summary>
    public int LoopLimitFor(int items) => Saturated(LoopLimit, LoopsPerItem, items);

    /// <summary>The output limit, in characters, of an email that lists <paramref name="items"/> items (at most <see cref="int.MaxValue"/>).</summary>
    public int OutputLimitFor(int items) => Saturated(OutputLimit, OutputPerItem, items);

    /// <summary>The time limit of an email that lists <paramref name="items"/> items.</summary>
    public TimeSpan TimeoutFor(int items) => Timeout + (TimeoutPerItem * Math.Max(0, items));

    private static int Saturated(int limit, int perItem, int items) =>
        (int)Math.Min(int.MaxValue, limit + ((long)Math.Max(0, perItem) * Math.Max(0, items)));
}
