using System.Globalization;
using NodaTime;
using Npgsql;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Gas;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>
/// The digest's gas safety alerts (first in the email): homes whose deadline has passed or no check is known
/// (<c>overdue</c>), and homes whose deadline is within <see cref="WithinDays"/> days (deadline day included) with no
/// appointment booked before it (<c>no appointment</c>) — including homes flagged after three no-access visits — tenant
/// copies of gas safety records due (<c>tenant copy</c>), and visits booked at short notice still to come, whose tenant
/// should be rung (<c>short notice</c>, <see cref="GasShortNotice"/>; until the call is recorded). From the
/// database through <see cref="GasComplianceReader"/>, with the configuration in force. Lines carry the home id, its
/// address and the dates; never tenant names.
/// </summary>
internal sealed class GasAlertsSection : IDigestSection
{
    /// <summary>The default alert distance: deadlines within 14 days.</summary>
    public const int DefaultWithinDays = 14;

    /// <summary>Where the section goes in the digest: first (a missed gas check can hurt someone).</summary>
    public const int SectionOrder = 10;

    private readonly LiveConfiguration _configuration;
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the section over the configuration in force and the estate database.</summary>
    public GasAlertsSection(LiveConfiguration configuration, NpgsqlDataSource dataSource)
    {
        _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <summary>How many days ahead a deadline with no appointment is an alert (default <see cref="DefaultWithinDays"/>); at least 0.</summary>
    public int WithinDays { get; init; } = DefaultWithinDays;

    /// <summary>How many days ahead a tenant's copy of a gas safety record that is not yet recorded as sent is listed.</summary>
    public int TenantCopyWithinDays { get; init; } = 7;

    /// <inheritdoc />
    public async Task<DigestSection?> BuildAsync(LocalDate today, CancellationToken cancellationToken)
    {
        var snapshot = await new GasComplianceReader(_dataSource, _configuration.Configuration).ReadAsync(today, null, cancellationToken).ConfigureAwait(false);
        var overdue = snapshot.Homes.Where(h => h.Status == GasComplianceStatus.Overdue).ToList();
        var unbooked = snapshot.Homes
            .Where(h => h.Deadline is { } d && d >= today && d <= today.PlusDays(WithinDays)
                        && !(h.Appointment is { } visit && visit >= today && visit < d))
            .OrderBy(h => h.Deadline)
            .ThenBy(h => h.HomeId, StringComparer.Ordinal)
            .ToList();
        var copies = await GasTenantCopies.OutstandingAsync(_dataSource, today, TenantCopyWithinDays, cancellationToken).ConfigureAwait(false);
        var shortNotice = await GasShortNotice.UpcomingAsync(_dataSource, today, cancellationToken).ConfigureAwait(false);
        if (overdue.Count == 0 && unbooked.Count == 0 && copies.Count == 0 && shortNotice.Count == 0)
        {
            return null;
        }

        var lines = new List<DigestLine>();
        lines.AddRange(overdue.Select(h => new DigestLine("overdue", h.HomeId, Describe(h, today))));
        lines.AddRange(unbooked.Select(h => new DigestLine("no appointment", h.HomeId, Describe(h, today))));
        lines.AddRange(copies.Select(c => new DigestLine(
            "tenant copy", c.Reference,
            string.Create(CultureInfo.InvariantCulture, $"home {c.HomeId}: the tenant's copy of the record of the check on {c.CompletedOn:uuuu-MM-dd} is due {c.Due:uuuu-MM-dd} ({Days(today, c.Due)}) and not recorded as sent"))));
        lines.AddRange(shortNotice.Select(v => new DigestLine(
            "short notice", v.Reference,
            string.Create(
                CultureInfo.InvariantCulture,
                $"home {v.HomeId} ({v.AreaId}): visit {v.Date:uuuu-MM-dd} {v.Slot} ({Days(today, v.Date)}), booked at short notice before the deadline {v.Deadline:uuuu-MM-dd}; its letter goes by post{(v.LetterReaches is { } reaches ? string.Create(CultureInfo.InvariantCulture, $" and reaches the tenant by {reaches:uuuu-MM-dd}") : string.Empty)}: ring the tenant to confirm"))));
        var summary = string.Create(CultureInfo.InvariantCulture, $"{overdue.Count} gas home(s) overdue; {unbooked.Count} with a deadline within {WithinDays} days and no appointment booked.");
        if (copies.Count > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $" {copies.Count} tenant copy(ies) of a gas safety record due within {TenantCopyWithinDays} days or overdue.");
        }

        if (shortNotice.Count > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $" {shortNotice.Count} visit(s) booked at short notice still to come: ring the tenant, then record the call (estate-scheduler tenant-rung REF --on DATE) and the visit leaves this list.");
        }

        return new DigestSection(
            SectionOrder,
            string.Create(CultureInfo.InvariantCulture, $"Gas safety: overdue homes, deadlines within {WithinDays} days with no appointment, tenant copies due, visits at short notice"),
            summary,
            lines);
    }

    private static string Describe(GasHomeState home, LocalDate today)
    {
        var deadline = home.Deadline is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"deadline {d:uuuu-MM-dd} ({Days(today, d)})")
            : "no gas check known";
        var attempts = home.FailedAttempts > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {home.FailedAttempts} no-access attempt(s)")
            : string.Empty;
        return $"{home.Address}, {home.Postcode} ({home.AreaId}): {deadline}{attempts}{(home.Escalated ? "; escalated to the compliance manager" : string.Empty)}";
    }

    private static string Days(LocalDate today, LocalDate deadline)
    {
        var days = Period.Between(today, deadline, PeriodUnits.Days).Days;
        return days switch
        {
            0 => "today",
            > 0 => string.Create(CultureInfo.InvariantCulture, $"in {days} day(s)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{-days} day(s) ago"),
        };
    }
}
