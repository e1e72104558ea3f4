using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class GasEscalationRowConfiguration : IEntityTypeConfiguration<GasEscalationRow>
{
    public void Configure(EntityTypeBuilder<GasEscalationRow> builder)
    {
        builder.ToTable("gas_escalations");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.Property(x => x.Evidence).HasColumnType("jsonb");
        builder.HasIndex(x => new { x.HomeId, x.Deadline }).IsUnique(); // one escalation per home and deadline
        builder.HasIndex(x => x.HomeId, "open").HasDatabaseName("ix_gas_escalations_open").HasFilter("resolved_on IS NULL");
        builder.HasOne<HomeRow>().WithMany().HasForeignKey(x => x.HomeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkOrder>().WithMany().HasForeignKey(x => x.WorkOrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
