using NodaTime;

namespace Scheduler.Persistence.Gas;

/// <summary>A gas work order as booking and the completion effect need it: ids, status, the home's area and the deadline.</summary>
internal sealed record GasOrder(long Id, string Reference, string Service, string ScheduleId, string HomeId, string AreaId, string Status, LocalDate? Deadline)
{
    /// <summary>
    /// True when the home's appointment letter goes by post: its first active tenant by id (the letter's recipient,
    /// <see cref="GasBookingWriter"/>) asked for post or has no email address (<see cref="ByPostSql"/>). False for a home
    /// with no tenant (no letter is queued). The planner books such a visit the post's delivery time later.
    /// </summary>
    public bool ByPost { get; init; }

    /// <summary>
    /// The date the home's legal deadline counts from before this order's check (read by the completion effect only): the
    /// later of the latest check recorded for the home under the order's schedule on another order (<c>gas_checks.effective_on</c>)
    /// and the register's <c>last_gas_check</c> (<see cref="Scheduler.Domain.Calendars.FloatingRule.CountsFrom"/>); null when
    /// neither is known, or not read.
    /// </summary>
    public LocalDate? CountsFrom { get; init; }

    /// <summary>
    /// The two dates <see cref="CountsFrom"/> is made of, for the order in <paramref name="orderAlias"/> (its <c>id</c>,
    /// <c>asset_id</c>, <c>schedule_id</c>) and its home in <paramref name="homeAlias"/>, as two columns: the latest check
    /// recorded on another order (one probe of <c>gas_checks</c> by home, index <c>(home_id, completed_on)</c>) and the
    /// register's <c>last_gas_check</c>. The reader combines them with <see cref="Scheduler.Domain.Calendars.FloatingRule.CountsFrom"/>,
    /// the rule generation and <c>overdue</c> use (<see cref="ReadCountsFrom"/>).
    /// </summary>
    public static string CountsFromSql(string orderAlias, string homeAlias) =>
        $"(SELECT max(c.effective_on) FROM gas_checks c WHERE c.home_id = {orderAlias}.asset_id AND c.schedule_id = {orderAlias}.schedule_id AND c.work_order_id <> {orderAlias}.id), "
        + $"{homeAlias}.last_gas_check";

    /// <summary><see cref="CountsFrom"/> from the two columns of <see cref="CountsFromSql"/> at <paramref name="ordinal"/> and the next.</summary>
    public static LocalDate? ReadCountsFrom(Npgsql.NpgsqlDataReader reader, int ordinal) =>
        Scheduler.Domain.Calendars.FloatingRule.CountsFrom(
            reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<LocalDate>(ordinal),
            reader.IsDBNull(ordinal + 1) ? null : reader.GetFieldValue<LocalDate>(ordinal + 1));

    /// <summary>
    /// <see cref="ByPost"/> for the home in <paramref name="homeColumn"/>, one index probe of <c>tenants</c> (a report's or
    /// a night's few homes): the tenant the letter goes to is the first active one by id, as the letters' writer picks.
    /// The dispatcher prints a letter to a tenant on <c>post</c> or without a usable address (an import refuses channel
    /// <c>email</c> without one).
    /// </summary>
    public static string ByPostSql(string homeColumn) =>
        $"coalesce((SELECT t.channel = 'post' OR t.email IS NULL FROM tenants t WHERE t.home_id = {homeColumn} AND t.active ORDER BY t.id LIMIT 1), false)";

    /// <summary>
    /// Every home whose letter goes by post at once (<c>home_id</c>, <c>by_post</c>; one pass over <c>tenants</c>, to be
    /// hash-joined): a full read of the candidates (the first night, ~225,000 at 300,000 homes), where a probe each cost
    /// ~0.8 s of the server in the letters' write (<see cref="GasBookingWriter"/>).
    /// </summary>
    public const string ByPostAtOnceSql =
        "(SELECT DISTINCT ON (home_id) home_id, channel = 'post' OR email IS NULL AS by_post FROM tenants WHERE active ORDER BY home_id, id)";
}
