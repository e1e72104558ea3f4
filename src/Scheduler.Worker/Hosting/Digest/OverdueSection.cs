using System.Globalization;
using NodaTime;
using Npgsql;
using Scheduler.Persistence;
using Scheduler.Persistence.Reports;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Overdue;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>
/// The digest's "Overdue work" section: every order past its window or SLA deadline with no completion on the digest's
/// day (<see cref="OverdueQuery"/>), one line each, grouped by contractor id (<see cref="DigestLine.Group"/>;
/// <c>unassigned</c> for work given to no one). Null when nothing is overdue. A repair with a timed target (hours) passed
/// under two days before the digest is built (the injected clock) says hours, not "1 day"; other work says whole days by
/// date, "overdue since 00:00 today" on its first day, the number the <c>overdue</c> listing gives (<see cref="OverdueText.Describe"/>).
/// </summary>
internal sealed class OverdueSection(NpgsqlDataSource dataSource, LiveConfiguration configuration, IClock clock) : IDigestSection
{
    /// <summary>Where the section goes: after safety alerts (which use lower numbers), before general news.</summary>
    public const int SectionOrder = 20;

    /// <summary>The group of work with no contractor.</summary>
    public const string Unassigned = "unassigned";

    public async Task<DigestSection?> BuildAsync(LocalDate today, CancellationToken cancellationToken)
    {
        var config = configuration.Configuration;
        var now = clock.GetCurrentInstant();
        await using var db = EstateDatabase.CreateContext(dataSource);
        var orders = await OverdueQuery.ListAsync(db, today, config.Organisation.Zone, config.FloatingRules(), cancellationToken).ConfigureAwait(false);
        if (orders.Count == 0)
        {
            return null;
        }

        var contractors = orders.Select(o => o.ContractorId ?? Unassigned).Distinct(StringComparer.Ordinal).Count();
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{orders.Count} order{(orders.Count == 1 ? " is" : "s are")} past {(orders.Count == 1 ? "its" : "their")} window or target with no completion reported, for {contractors} contractor{(contractors == 1 ? string.Empty : "s")}.");
        var lines = orders
            .Select(o => new DigestLine(o.ContractorId ?? Unassigned, o.Reference, OverdueText.Describe(o, today, config.Organisation.Zone, now, OverdueText.IsTimed(o, config.Sla, config.Organisation.Zone))))
            .ToList();
        return new DigestSection(SectionOrder, "Overdue work", summary, lines);
    }
}
