using NodaTime;

namespace Scheduler.Domain.WorkingDays;

/// <summary>
/// One bank holiday. <see cref="IsSubstitute"/> marks a weekday standing in for a holiday that fell on a
/// weekend (the feed's "Substitute day" note). <see cref="IsComputed"/> marks a date worked out by the
/// usual rules for a year the official feed does not yet publish: replace it once the feed has it.
/// </summary>
public sealed record BankHoliday(LocalDate Date, string Title, bool IsSubstitute, bool IsComputed);
