using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Improvements;

/// <summary>
/// Queues the letters that tell tenants their home has entered a year's planned-improvement programme: one
/// <see cref="OutboxKinds.TenantLetter"/> outbox row per home programmed in that year (not deferred) and per tenant of
/// it, with a <see cref="TenantLetterPayload"/> (<c>letter: improvement</c>, the home, the year and the components
/// programmed). Only the rows are written here; the dispatcher composes and sends them (templates
/// <c>tenant-improvement.*</c>).
/// </summary>
/// <remarks>
/// The idempotency key is <c>improvement-letter:{home}:{year}</c> (<see cref="Key"/>), with <c>:{tenant}</c> added for
/// the second and later tenants of a joint tenancy (tenants in id order), so a rerun — or a rerun after the programme
/// changed — writes nothing for a home already written to about that year. Homes with no tenant (empty homes) get no
/// letter.
/// </remarks>
internal static class ImprovementLetters
{
    private const string InsertSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'tenant-letter', l.key, l.message_id, 'tenant', l.tenant, '{}', l.payload::jsonb, 0, 'pending', 0, @now, @now
        FROM unnest(@keys, @message_ids, @tenants, @payloads) AS l(key, message_id, tenant, payload)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>One letter to queue.</summary>
    /// <param name="Key">The idempotency key.</param>
    /// <param name="TenantId">The tenant (recipient).</param>
    /// <param name="Payload">What the letter says.</param>
    public sealed record Letter(string Key, string TenantId, TenantLetterPayload Payload);

    /// <summary>The first tenant's key: <c>improvement-letter:{homeId}:{year}</c>.</summary>
    public static string Key(string homeId, int year) =>
        string.Create(CultureInfo.InvariantCulture, $"improvement-letter:{homeId}:{year}");

    /// <summary>
    /// The letters for <paramref name="schedule"/>'s year: a home's programmed components in published order, one
    /// letter per tenant of the home (tenants in id order), homes in id order. Also counts homes with no tenant.
    /// </summary>
    public static (IReadOnlyList<Letter> Letters, int HomesWithoutTenant) Plan(ImprovementSchedule schedule, IReadOnlyList<Tenant> tenants)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(tenants);
        var tenantsByHome = tenants.ToLookup(t => t.PropertyId, StringComparer.Ordinal);
        var letters = new List<Letter>();
        var withoutTenant = 0;
        foreach (var home in schedule.ProgrammedInYear.GroupBy(e => e.Home.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var components = ComponentNames.InPublishedOrder(home.Select(e => e.Component));
            var payload = new TenantLetterPayload(TenantLetterKinds.Improvement, home.Key, Year: schedule.Year, Components: components);
            var homeTenants = tenantsByHome[home.Key].OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
            if (homeTenants.Count == 0)
            {
                withoutTenant++;
                continue;
            }

            for (var i = 0; i < homeTenants.Count; i++)
            {
                var key = i == 0 ? Key(home.Key, schedule.Year) : $"{Key(home.Key, schedule.Year)}:{homeTenants[i].Id}";
                letters.Add(new Letter(key, homeTenants[i].Id, payload));
            }
        }

        return (letters, withoutTenant);
    }

    /// <summary>Writes <paramref name="letters"/> in one statement (so all or none); a letter whose key exists is left as it is. Returns how many were written.</summary>
    public static async Task<int> WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<Letter> letters, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("keys", letters.Select(l => l.Key).ToArray());
        command.Parameters.AddWithValue("message_ids", letters.Select(l => MessageIds.FromKey(l.Key)).ToArray());
        command.Parameters.AddWithValue("tenants", letters.Select(l => l.TenantId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = letters.Select(l => l.Payload.ToJson()).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
