namespace Scheduler.Worker.Email;

/// <summary>A transport cannot work as configured, e.g. its pickup folder cannot be written.</summary>
public sealed class MailTransportException : Exception
{
    public MailTransportException()
    {
    }

    public MailTransportException(string message)
        : base(message)
    {
    }

    public MailTransportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
