namespace Scheduler.Persistence;

/// <summary>
/// The estate database cannot be used as it is: not configured, unreachable, refusing the login, missing, or not
/// migrated. <see cref="Exception.Message"/> is one paragraph that says what to do, fit to print as it is.
/// </summary>
public sealed class DatabaseNotReadyException : Exception
{
    public DatabaseNotReadyException()
    {
    }

    public DatabaseNotReadyException(string message)
        : base(message)
    {
    }

    public DatabaseNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
