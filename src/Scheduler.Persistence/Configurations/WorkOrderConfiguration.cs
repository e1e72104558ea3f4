using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class WorkOrderConfiguration : IEntityTypeConfiguration<WorkOrder>
{
    /// <summary>The sequence behind the number part of <see cref="WorkOrder.Reference"/>.</summary>
    public const string NumberSequence = "work_order_number";

    /// <summary>
    /// <c>usual_key</c>'s expression (migration <c>UsualOccurrenceKey</c>): the occurrence key is exactly
    /// <c>schedule/asset/yyyy-MM-dd/service</c> of the row's own columns (the date written as ISO with a four-digit year,
    /// as <c>OrderKey.Format</c> writes it, and only for years 1 to 9999, where that is what it writes), and none of
    /// schedule, asset and service holds a <c>/</c>. Immutable (no DateStyle: the date is written from its parts).
    /// </summary>
    public const string UsualKeySql =
        "occurrence_key = schedule_id || '/' || asset_id || '/' || lpad(extract(year FROM window_start)::integer::text, 4, '0') || '-' "
        + "|| lpad(extract(month FROM window_start)::integer::text, 2, '0') || '-' || lpad(extract(day FROM window_start)::integer::text, 2, '0') "
        + "|| '/' || service AND strpos(schedule_id, '/') = 0 AND strpos(asset_id, '/') = 0 AND strpos(service, '/') = 0 "
        + "AND window_start BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'";

    /// <summary>
    /// <c>unfinished_home_order</c>: a home's order without a parent still planned, issued, appointed or no-access (the gas
    /// booking's candidates are among them); false for every other order. <c>ix_work_orders_open_property</c> holds these
    /// (migration HomeBookingFlag). Appointed is in it so that booking an order (planned or issued -> appointed) moves no
    /// flag; the booking's read names the statuses it wants.
    /// </summary>
    public const string UnfinishedHomeOrderSql =
        "parent_id IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed', 'no-access')";

    /// <summary>
    /// <c>open_home_visit</c>: a home's calendar visit (no parent, no SLA category) planned, issued or appointed; false for
    /// every other order whatever its status. <c>ix_work_orders_open_window_end</c> holds these (migration HotReports:
    /// the same orders it held on <c>is_open</c> and the home's kind), so a report of any other order moves no flag.
    /// </summary>
    public const string OpenHomeVisitSql =
        "parent_id IS NULL AND sla_category IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed')";

    public void Configure(EntityTypeBuilder<WorkOrder> builder)
    {
        builder.ToTable("work_orders", t =>
        {
            t.HasCheckConstraint("ck_work_orders_status", WorkOrderStatusConverter.CheckSql("status"));
            t.HasCheckConstraint("ck_work_orders_window", "window_start <= window_end");
            t.HasCheckConstraint("ck_work_orders_asset_kind", "asset_kind IN ('site', 'block', 'property')");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.Property(x => x.Status).HasConversion<WorkOrderStatusConverter>();
        builder.Property(x => x.Version).IsRowVersion();
        builder.HasIndex(x => x.Reference).IsUnique();

        // The partial indexes below test these stored flags, never status itself, so that no index depends on status:
        // issuing an order (planned -> issued, when its notice is sent) then changes no indexed value, and PostgreSQL
        // writes the new row version on the same page without new entries in any of the table's indexes (a HOT update)
        // when the page has room, which the fillfactor leaves: half of each page, so even a dispatch batch that issues
        // every order on a page (an apply writes an asset's orders side by side) finds room for all of them. Measured:
        // the server cost a row a quarter to a third (docs/benchmarks-history.md, Dispatch, branch hot21).
        // Booking a home's order (planned or issued -> appointed) moves no flag either: unfinished_home_order holds the
        // appointed orders too (migration HomeBookingFlag, branch rep32), and open_home_visit is true before and after.
        // A report of a block's or a site's order, or of a follow-up (a repair raised from a defect included), moves no
        // flag: both homes' flags are false for it whatever its status, and the weekly programmes' index is on is_live,
        // which a report does not move (migration HotReports, branch rep33; before it, the flag is_open of every order's
        // status sat in two indexes and every report was an ordinary update). A home's order without a parent reported
        // (a calendar visit, a reactive repair), a no-access visit rebooked and a cancellation still move a flag and are
        // ordinary updates. Queries
        // that want these indexes say is_live / open_home_visit / unfinished_home_order (migrations HotIssue,
        // HomeBookingFlag, HotReports).
        builder.Property<bool>("IsLive").HasColumnName("is_live").HasComputedColumnSql("status <> 'cancelled'", stored: true);
        builder.Property<bool>("OpenHomeVisit").HasColumnName("open_home_visit").HasComputedColumnSql(OpenHomeVisitSql, stored: true);
        builder.Property<bool>("UnfinishedHomeOrder").HasColumnName("unfinished_home_order").HasComputedColumnSql(UnfinishedHomeOrderSql, stored: true);
        builder.HasStorageParameter("fillfactor", 50);

        // True when the occurrence key is the one schedule, asset, window start (ISO yyyy-MM-dd, years 1-9999) and
        // service give, none of them holding a '/' (OrderKey.Format's text, which OrderKey.Of compares by its values):
        // the full compare's read of the stored orders then sends no key (StoredOrderReader). Made once when a row is
        // written instead of tested on every read of every row, 52 full compares a year (migration UsualOccurrenceKey).
        builder.Property<bool>("UsualKey").HasColumnName("usual_key").HasComputedColumnSql(UsualKeySql, stored: true);

        // One live order per occurrence; cancelled ones keep their key for history and do not block a replacement.
        builder.HasIndex(x => x.OccurrenceKey).IsUnique().HasFilter("is_live");
        builder.HasIndex(x => x.TargetDate);
        builder.HasIndex(x => new { x.AssetId, x.ScheduleId });

        // Follow-ups by parent (a path sweep after a grass cut; a repair raised from a defect): only a few per cent of
        // orders have a parent (4.7 % at 300,000 homes), so the index holds only those (migration FollowUpParentIndex).
        // Its readers look up parent_id = x / = ANY(...), which the planner proves non-null, and so does the foreign
        // key's own check on a parent's delete; no query reads the parentless orders through it (they are found by
        // schedule, asset, id or a scan).
        builder.HasIndex(x => x.ParentId).HasFilter("parent_id IS NOT NULL");

        // Repairs (orders with an SLA category) by deadline: the overdue report's repairs and a contractor's open
        // repairs are read through it instead of a scan of every order. Calendar orders have no category, so the
        // bulk apply writes no entry here and the issue of a repair changes no indexed value.
        builder.HasIndex(x => x.SlaDueAt).HasDatabaseName("ix_work_orders_repairs_due").HasFilter("sla_category IS NOT NULL");
        builder.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);

        // contractor_id and config_version are deliberately not foreign keys: a foreign-key check is one lookup
        // per inserted row, which the bulk path cannot afford. The plan writer records both (contractors and
        // config_versions) in the same transaction, before it inserts the orders that name them.
        builder.HasIndex(x => x.ContractorId);
    }
}
