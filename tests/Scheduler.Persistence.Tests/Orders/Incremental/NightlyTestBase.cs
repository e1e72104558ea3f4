using System.Globalization;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// Tests that step the nightly generation day after day over <see cref="NightlyTestEstate"/>: a fresh database with the
/// estate imported as of <see cref="Start"/>, a fake clock set in Europe/London, and imports named by their day.
/// </summary>
public abstract class NightlyTestBase : IAsyncLifetime
{
    /// <summary>The first day stepped, and the as-of of the first import.</summary>
    protected static readonly LocalDate Start = new(2027, 3, 1);

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    protected FakeClock Clock { get; } = TestEstate.Clock();

    protected EstateTestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await EstateTestDatabase.CreateAsync();
        await ImportAsync(NightlyTestEstate.Estate(), Start);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>Sets the clock to <paramref name="time"/> on <paramref name="day"/>, London time.</summary>
    protected void SetClock(LocalDate day, LocalTime time) => Clock.Reset(day.At(time).InZoneLeniently(London).ToInstant());

    /// <summary>Imports <paramref name="register"/> as of <paramref name="asOf"/>, the import named by that day.</summary>
    protected Task<ImportSummary> ImportAsync(EstateRegister register, LocalDate asOf) =>
        new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test-" + asOf.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), asOf);
}
