using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Register;

/// <summary>
/// Reads the active estate register from the database into the domain's <see cref="EstateRegister"/>. Plain
/// ADO.NET over the context's connection (and transaction, when one is open): a register can be 300,000 homes.
/// </summary>
public static class EstateRegisterReader
{
    /// <summary>
    /// The active areas, sites, blocks, homes and tenants, each list in id order. Inactive rows (assets a later
    /// import no longer listed) are left out, so planning sees them as gone.
    /// </summary>
    public static Task<EstateRegister> ReadAsync(EstateDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ReadAsync(
            (NpgsqlConnection)db.Database.GetDbConnection(),
            db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction,
            cancellationToken);
    }

    /// <summary>As <see cref="ReadAsync(EstateDbContext, CancellationToken)"/>, over a connection from a NodaTime-enabled data source (opened and closed here if it is closed).</summary>
    public static Task<EstateRegister> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken = default) =>
        ReadAsync(connection, transaction, tenants: true, cancellationToken);

    /// <summary>
    /// The register as planning needs it: areas, sites, blocks and homes, and no tenants (calendars apply to assets;
    /// who lives in a home matters only when a letter is written, which reads its tenant then; planning needs only
    /// whether the letter goes by post, <see cref="Home.LettersByPost"/>, read with the homes). At 300,000 homes that
    /// is ~290,000 rows and their strings not read and not held through an apply.
    /// </summary>
    public static Task<EstateRegister> ReadAssetsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken = default) =>
        ReadAsync(connection, transaction, tenants: false, cancellationToken);

    private static async Task<EstateRegister> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool tenants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var query = new Query(connection, transaction, cancellationToken);

            // Ids that many rows repeat (each home's block, site and area, its postcode), attribute names and short
            // attribute values are kept once, not once a row (AttributeReading): a register is read on every plan and
            // apply, and at 300,000 homes the copies were most of the apply's live memory. A home's own id and address
            // are one instance each, shared by its typed members and its attributes.
            var reading = new AttributeReading();
            string? SharedOrNull(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : reading.Share(r.GetString(i));

            var areas = await query.ListAsync(
                "SELECT id, name FROM areas WHERE active ORDER BY id",
                r => new Area(reading.Share(r.GetString(0)), r.GetString(1))).ConfigureAwait(false);
            var sites = await query.ListAsync(
                "SELECT id, name, area_id, postcode, grass, hedges, hardstanding, attributes::text FROM sites WHERE active ORDER BY id",
                r =>
                {
                    var (id, name) = (reading.Share(r.GetString(0)), r.GetString(1));
                    return new Site(id, name, reading.Share(r.GetString(2)), reading.Share(r.GetString(3)), r.GetBoolean(4), r.GetBoolean(5), r.GetBoolean(6),
                        AttributesJson.Read(r.GetString(7), reading, id, name));
                }).ConfigureAwait(false);
            var blocks = await query.ListAsync(
                "SELECT id, site_id, name, area_id, cleaning, attributes::text FROM blocks WHERE active ORDER BY id",
                r =>
                {
                    var (id, name) = (reading.Share(r.GetString(0)), r.GetString(2));
                    return new Block(id, reading.Share(r.GetString(1)), name, reading.Share(r.GetString(3)), RegisterText.Cleaning(r.GetString(4)),
                        AttributesJson.Read(r.GetString(5), reading, id, name));
                }).ConfigureAwait(false);
            // Homes whose letters go by post (Home.LettersByPost): their first active tenant by id, as the booking reads it.
            // Planning reads no tenants, but an overdue home's urgent gas visit is aimed at the day the booking books it,
            // later by post. Only those homes' ids come back (one pass over tenants).
            var byPost = (await query.ListAsync(
                $"SELECT home_id FROM {Gas.GasOrder.ByPostAtOnceSql} p WHERE by_post",
                r => r.GetString(0)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            var homes = await query.ListAsync(
                """
                SELECT id, block_id, site_id, address, postcode, area_id, gas, last_gas_check, kitchen_year, bathroom_year, boiler_year, attributes::text
                FROM homes WHERE active ORDER BY id
                """,
                r =>
                {
                    var (id, address) = (r.GetString(0), r.GetString(3));
                    return new Home(id, SharedOrNull(r, 1), SharedOrNull(r, 2), address, reading.Share(r.GetString(4)), reading.Share(r.GetString(5)), r.GetBoolean(6),
                        r.IsDBNull(7) ? null : r.GetFieldValue<LocalDate>(7), NullableInt(r, 8), NullableInt(r, 9), NullableInt(r, 10),
                        AttributesJson.Read(r.GetString(11), reading, id, address)) { LettersByPost = byPost.Contains(id) };
                }).ConfigureAwait(false);
            var tenantList = !tenants ? [] : await query.ListAsync(
                "SELECT id, home_id, name, email, phone, channel, large_print, language FROM tenants WHERE active ORDER BY id",
                r => new Tenant(r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4),
                    RegisterText.Channel(r.GetString(5)), r.GetBoolean(6), r.GetString(7))).ConfigureAwait(false);
            return new EstateRegister(areas, sites, blocks, homes, tenantList);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int? NullableInt(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private sealed class Query(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> map)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(map(reader));
            }

            return list;
        }
    }
}
