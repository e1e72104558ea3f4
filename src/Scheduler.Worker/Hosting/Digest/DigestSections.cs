using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>
/// The manager digest's sections, listed once: the worker registers them for its digest job (<see cref="AddDigestSections"/>)
/// and the demo builds the same ones for its simulated mornings (<see cref="Build"/>). A new section is added here only.
/// </summary>
internal static class DigestSections
{
    /// <summary>
    /// Registers every <see cref="IDigestSection"/> of the digest. They need a <see cref="LiveConfiguration"/>, an
    /// <see cref="NpgsqlDataSource"/>, an <see cref="IClock"/> and <see cref="IOptions{HealthOptions}"/> from the container.
    /// </summary>
    public static IServiceCollection AddDigestSections(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IDigestSection, GasAlertsSection>();
        services.AddSingleton<IDigestSection, OverdueSection>();
        services.AddSingleton<IDigestSection, OutboxHealthSection>();
        return services;
    }

    /// <summary>
    /// The sections <see cref="AddDigestSections"/> registers, made from these services (for a run without the worker's
    /// host: the demo). The sections hold <paramref name="dataSource"/> and do not own it.
    /// </summary>
    public static IReadOnlyList<IDigestSection> Build(LiveConfiguration configuration, NpgsqlDataSource dataSource, IClock clock, HealthOptions health)
    {
        var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddSingleton(dataSource)
            .AddSingleton(clock)
            .AddSingleton(Options.Create(health))
            .AddDigestSections();

        // The provider disposes only what it made: the sections, which hold nothing to dispose; the data source given
        // as an instance is left to its owner.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return [.. provider.GetServices<IDigestSection>()];
    }
}
