using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class WorkOrderEventConfiguration : IEntityTypeConfiguration<WorkOrderEvent>
{
    public void Configure(EntityTypeBuilder<WorkOrderEvent> builder)
    {
        builder.ToTable("work_order_events");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.Property(x => x.FromStatus).HasConversion<WorkOrderStatusConverter>();
        builder.Property(x => x.ToStatus).HasConversion<WorkOrderStatusConverter>();
        builder.HasIndex(x => x.WorkOrderId);
        builder.HasOne<WorkOrder>().WithMany().HasForeignKey(x => x.WorkOrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ConfigVersionRow>().WithMany().HasForeignKey(x => x.ConfigVersion).OnDelete(DeleteBehavior.Restrict);
    }
}
