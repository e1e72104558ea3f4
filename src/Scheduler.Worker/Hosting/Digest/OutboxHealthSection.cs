using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>
/// The digest's outbox section: dead messages (they need a person) and messages waiting longer than
/// <c>Health:OutboxBacklogAge</c> (mail is not going out), each by message id, kind and recipient id, grouped into
/// "Dead" and "Waiting". At most <see cref="MaxLines"/> lines; the summary gives the full counts. Nothing when the
/// outbox is clear.
/// </summary>
internal sealed class OutboxHealthSection(NpgsqlDataSource dataSource, IClock clock, IOptions<HealthOptions> options, LiveConfiguration configuration) : IDigestSection
{
    /// <summary>Where the section goes: after the alerts about homes and orders.</summary>
    public const int SectionOrder = 900;

    /// <summary>The most messages listed.</summary>
    public const int MaxLines = 100;

    private static readonly LocalDateTimePattern Written = LocalDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH:mm");

    public async Task<DigestSection?> BuildAsync(LocalDate today, CancellationToken cancellationToken)
    {
        var age = options.Value.OutboxBacklogAge;
        var now = clock.GetCurrentInstant();
        var outbox = await OutboxAttention.ReadAsync(dataSource, now, now - Duration.FromTimeSpan(age), MaxLines, cancellationToken).ConfigureAwait(false);
        if (outbox.Dead == 0 && outbox.StaleBacklog == 0)
        {
            return null;
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{outbox.Dead} dead {Plural(outbox.Dead, "message")} (see 'estate-scheduler outbox list --status dead'; 'outbox retry ID' sends one again) and {outbox.StaleBacklog} waiting longer than {Age(age)}.");
        if (outbox.Dead + outbox.StaleBacklog > outbox.Items.Count)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $" The first {outbox.Items.Count} are listed.");
        }

        var zone = configuration.Configuration.Organisation.Zone;
        var lines = outbox.Items.Select(i => new DigestLine(
            i.Status == OutboxStatuses.Dead ? "Dead" : "Waiting",
            string.Create(CultureInfo.InvariantCulture, $"message {i.Id}"),
            string.Create(
                CultureInfo.InvariantCulture,
                $"{i.Kind} to {i.RecipientKind} {i.RecipientId}, {i.Attempts} {Plural(i.Attempts, "attempt")}, written {Written.Format(i.CreatedAt.InZone(zone).LocalDateTime)}")))
            .ToList();
        return new DigestSection(SectionOrder, "Outbox: messages not sent", summary, lines);
    }

    private static string Plural(long count, string noun) => count == 1 ? noun : noun + "s";

    private static string Age(TimeSpan age) => age.TotalMinutes < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalMinutes:0.#} {Plural((long)Math.Ceiling(age.TotalMinutes), "minute")}")
        : string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0.#} {Plural((long)Math.Ceiling(age.TotalHours), "hour")}");
}
