using System.Reflection;
using Quartz;

namespace Scheduler.Drills.SmtpDown;

/// <summary>
/// A Quartz firing as the drill hands it to a job it fires itself on the simulated clock: the worker's jobs read only
/// the firing's id from their context (for their logs); anything else they asked for would fail loudly.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from this class: it cannot be sealed.
internal class Firing : DispatchProxy
#pragma warning restore CA1852
{
    private string _id = string.Empty;

    public static IJobExecutionContext Create(string id)
    {
        var context = Create<IJobExecutionContext, Firing>();
        ((Firing)(object)context)._id = id;
        return context;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_FireInstanceId" => _id,
        "get_CancellationToken" => CancellationToken.None,
        _ => throw new NotSupportedException($"The drill's simulated firing has no {targetMethod?.Name}."),
    };
}
