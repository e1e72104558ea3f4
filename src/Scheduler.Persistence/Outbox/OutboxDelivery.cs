namespace Scheduler.Persistence.Outbox;

/// <summary>How a message went (the <c>delivered_via</c> column).</summary>
public static class OutboxDelivery
{
    /// <summary>The prefix of a letter printed for post, before its batch file's name: <c>post:2027-03-01.html</c>.</summary>
    public const string PostPrefix = "post:";
}
