namespace Scheduler.Worker.Demo;

/// <summary>
/// Something the demo cannot do on this machine (PostgreSQL missing and not installable, a cluster that will not
/// start, a database that is not the demo's to wipe): printed as its message, exit code 1, no stack trace.
/// </summary>
internal sealed class DemoException : Exception
{
    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
