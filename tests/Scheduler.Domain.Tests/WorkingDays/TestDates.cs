using NodaTime;
using NodaTime.Text;

namespace Scheduler.Domain.Tests.WorkingDays;

/// <summary>Reads the ISO dates the tables are written in.</summary>
internal static class TestDates
{
    public static LocalDate D(string isoDate) => LocalDatePattern.Iso.Parse(isoDate).GetValueOrThrow();
}
