namespace Scheduler.Persistence.Register;

/// <summary>
/// Where a message shows a work order to be: the one definition, in SQL, of the asset name, address and postcode a
/// contractor is shown for an order (branch small38; before it, three copies of it were written out by hand). A home
/// shows its <c>address</c> and <c>postcode</c>; a block its <c>name</c> as the asset and "block name, site name" as the
/// address (the site's id when the register has no such site), with its site's postcode; a site its <c>name</c> and
/// <c>postcode</c>; an order whose asset the register does not hold shows the asset's id and no postcode. Values are
/// shown as stored (a multi-line address keeps its line breaks here; a template's value is made one line,
/// <c>TemplateValues.Text</c>). Read by the dispatcher's orders read (<c>OutboxStore.LoadOrdersAsync</c>: what the email,
/// the <c>.ics</c> LOCATION and the <c>.csv</c> say) and by the changed-address notices (<see cref="AddressChangeNotices"/>:
/// where the order is now and was before the import, as fingerprints), so a notice is written exactly when what the
/// contractor would be shown changed (<c>AddressChangeNoticeTests.Shown</c> pins that the three agree).
/// </summary>
/// <remarks>
/// Each asset is read from its own table only, by a LATERAL subquery whose <c>asset_kind</c> test is a one-time filter
/// (the dispatcher's plan: branch scale20). <see cref="Now"/> reads the register's tables; <see cref="BeforeImport"/> reads
/// them with the previous values an import kept of the rows it changes (<see cref="AddressChangeNotices.PreviousTable"/>)
/// in place of the new ones.
/// </remarks>
internal sealed class ShownAddress
{
    private readonly string _prefix;
    private readonly string _sites;
    private readonly string _blocks;
    private readonly string _homes;

    private ShownAddress(string prefix, string sites, string blocks, string homes)
    {
        _prefix = prefix;
        _sites = sites;
        _blocks = blocks;
        _homes = homes;
    }

    /// <summary>As the register is now; the joins' aliases are <paramref name="prefix"/> + <c>s</c>, <c>b</c>, <c>h</c>.</summary>
    public static ShownAddress Now(string prefix) => new(prefix, "sites", "blocks", "homes");

    /// <summary>
    /// As the register was before the import running in this transaction: a row it changes reads the values it kept in
    /// <see cref="AddressChangeNotices.PreviousTable"/> (a block's previous site, and that site's previous name, included).
    /// </summary>
    public static ShownAddress BeforeImport(string prefix) => new(
        prefix,
        Previous("sites", "site", "name", "postcode"),
        Previous("blocks", "block", "name", "site_id"),
        Previous("homes", "home", "address", "postcode"));

    /// <summary>The three LEFT JOIN LATERALs that read the asset of the order aliased <paramref name="order"/>.</summary>
    public string Joins(string order) => $"""
        LEFT JOIN LATERAL (SELECT ss.name, ss.postcode FROM {_sites} ss
                           WHERE {order}.asset_kind = 'site' AND ss.id = {order}.asset_id LIMIT 1) {_prefix}s ON true
        LEFT JOIN LATERAL (SELECT bb.name, bb.site_id, bs.name AS site_name, bs.postcode AS site_postcode
                           FROM {_blocks} bb LEFT JOIN {_sites} bs ON bs.id = bb.site_id
                           WHERE {order}.asset_kind = 'block' AND bb.id = {order}.asset_id LIMIT 1) {_prefix}b ON true
        LEFT JOIN LATERAL (SELECT hh.address, hh.postcode FROM {_homes} hh
                           WHERE {order}.asset_kind = 'property' AND hh.id = {order}.asset_id LIMIT 1) {_prefix}h ON true
        """;

    /// <summary>The asset's name (<c>order.asset</c>): a site's or block's name, a home's address.</summary>
    public string Asset(string order) => $"coalesce({_prefix}s.name, {_prefix}b.name, {_prefix}h.address, {order}.asset_id)";

    /// <summary>Where to go (<c>order.address</c>): a home's address, a site's name, "block, site" for a block.</summary>
    public string Address(string order) =>
        $"coalesce({_prefix}s.name, {_prefix}b.name || ', ' || coalesce({_prefix}b.site_name, {_prefix}b.site_id), {_prefix}h.address, {order}.asset_id)";

    /// <summary>The postcode (<c>order.postcode</c>): a block's is its site's; empty when unknown.</summary>
    public string Postcode(string order) => $"coalesce({_prefix}s.postcode, {_prefix}b.site_postcode, {_prefix}h.postcode, '')";

    /// <summary>
    /// A fingerprint of the address and postcode shown (md5 of the address, a line feed and the postcode), so the outbox
    /// can compare where an order was shown without holding an address (<see cref="Outbox.AddressChangePayload"/>).
    /// </summary>
    public string Fingerprint(string order) => $"md5({Address(order)} || chr(10) || {Postcode(order)})";

    /// <summary><paramref name="table"/> with the import's previous values of its changed rows in place of the new ones.</summary>
    private static string Previous(string table, string entity, string first, string second) => $"""
        (SELECT x.id, CASE WHEN v.id IS NULL THEN x.{first} ELSE v.{first} END AS {first},
                CASE WHEN v.id IS NULL THEN x.{second} ELSE v.{second} END AS {second}
         FROM {table} x LEFT JOIN {AddressChangeNotices.PreviousTable} v ON v.entity = '{entity}' AND v.id = x.id)
        """;
}
