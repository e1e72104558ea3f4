using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class WorkOrderConfiguration : IEntityTypeConfiguration<WorkOrder>
{
    /// <summary>The sequence behind the number part of <see cref="WorkOrder.Reference"/>.</summary>
    public const string NumberSequence = "work_order_number";

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

        // One live order per occurrence; cancelled ones keep their key for history and do not block a replacement.
        builder.HasIndex(x => x.OccurrenceKey).IsUnique().HasFilter("status <> 'cancelled'");
        builder.HasIndex(x => x.TargetDate);
        builder.HasIndex(x => new { x.AssetId, x.ScheduleId });
        builder.HasIndex(x => x.ParentId);

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
