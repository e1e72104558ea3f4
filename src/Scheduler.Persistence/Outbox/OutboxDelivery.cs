using NodaTime;
using NodaTime.Text;

namespace Scheduler.Persistence.Outbox;

/// <summary>How a message went (the <c>delivered_via</c> column).</summary>
public static class OutboxDelivery
{
    /// <summary>The prefix of a letter printed for post, before its batch file's name: <c>post:2027-03-01.html</c>.</summary>
    public const string PostPrefix = "post:";

    /// <summary>The batch file a <c>delivered_via</c> of a printed letter names (<c>2027-03-01.html</c>); null for any other value.</summary>
    public static string? PostBatch(string? via) =>
        via is not null && via.StartsWith(PostPrefix, StringComparison.Ordinal) ? via[PostPrefix.Length..] : null;

    /// <summary>
    /// The day of a letter batch file (<c>2027-03-01.html</c>): the day its letters are posted (since session 29; before,
    /// the day they were written); null when the name is not a day's.
    /// </summary>
    public static LocalDate? BatchDay(string? fileName)
    {
        if (fileName is null)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(Path.GetFileNameWithoutExtension(fileName));
        return parsed.Success ? parsed.Value : null;
    }
}
