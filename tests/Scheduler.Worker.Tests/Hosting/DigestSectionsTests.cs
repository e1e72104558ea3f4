using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Npgsql;
using Scheduler.Persistence.Tests;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// The digest's sections are listed once (<see cref="DigestSections"/>), for the worker's host and the demo alike: every
/// section the worker has is registered, and the demo's list is the same.
/// </summary>
public sealed class DigestSectionsTests
{
    private static readonly Type[] EverySectionInTheWorker =
    [
        .. typeof(IDigestSection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDigestSection).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    [Fact]
    public void AddDigestSections_RegistersEverySectionTheWorkerHas_Once()
    {
        Assert.NotEmpty(EverySectionInTheWorker);

        var registered = new ServiceCollection().AddDigestSections()
            .Where(d => d.ServiceType == typeof(IDigestSection))
            .Select(d => d.ImplementationType!)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

        Assert.Equal(EverySectionInTheWorker, registered);
    }

    [Fact]
    public void Build_MakesOneOfEachRegisteredSection_FromTheServicesGiven()
    {
        var live = new LiveConfiguration(new ConfigSnapshot(TestEstate.Config(), TestEstate.Calendar, []));
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused"); // made, never opened

        var sections = DigestSections.Build(live, dataSource, new FakeClock(NodaTime.Instant.FromUtc(2027, 1, 4, 7, 0)), new HealthOptions());

        Assert.Equal(EverySectionInTheWorker, sections.Select(s => s.GetType()).OrderBy(t => t.FullName, StringComparer.Ordinal));
        Assert.Equal(sections.Count, sections.Distinct().Count());
    }
}
