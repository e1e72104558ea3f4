namespace Scheduler.Domain.WorkingDays;

/// <summary>The three bank-holiday divisions of the GOV.UK feed. Config names are the feed's keys.</summary>
public enum BankHolidayRegion
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Feed key <c>england-and-wales</c>.</summary>
    EnglandAndWales,

    /// <summary>Feed key <c>scotland</c>.</summary>
    Scotland,

    /// <summary>Feed key <c>northern-ireland</c>.</summary>
    NorthernIreland,
}
