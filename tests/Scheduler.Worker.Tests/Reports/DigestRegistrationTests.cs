using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Tests.Hosting;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>The worker host registers the overdue section of the manager digest, and it runs against the worker's database.</summary>
public class DigestRegistrationTests
{
    [Fact]
    public async Task Host_RegistersTheOverdueSection()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);

        var section = Assert.Single(worker.Services.GetServices<IDigestSection>().OfType<OverdueSection>());

        Assert.Null(await section.BuildAsync(new LocalDate(2027, 1, 4), CancellationToken.None)); // no orders yet
        await worker.StopAsync();
    }
}
