using NodaTime;
using NodaTime.Testing;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Register;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>A migrated test database with the shipped sample register imported.</summary>
internal static class SampleEstateDatabase
{
    public static async Task<EstateTestDatabase> CreateAsync()
    {
        var database = await EstateTestDatabase.CreateAsync();
        var loaded = RegisterLoader.Load(RepositoryRoot.SampleFolder, RegisterFixture.AsOf);
        Assert.Empty(loaded.Problems);
        var clock = new FakeClock(TestWorker.Now);
        await new RegisterImporter(database.DataSource, clock).ImportAsync(loaded.Register!, "config/sample", new LocalDate(2027, 1, 4));
        return database;
    }

    public static async Task<long> CountAsync(EstateTestDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
