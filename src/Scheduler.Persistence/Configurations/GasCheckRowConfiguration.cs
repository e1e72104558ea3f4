using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class GasCheckRowConfiguration : IEntityTypeConfiguration<GasCheckRow>
{
    public void Configure(EntityTypeBuilder<GasCheckRow> builder)
    {
        builder.ToTable("gas_checks", t =>
        {
            t.HasCheckConstraint("ck_gas_checks_outcome", "outcome IN ('done', 'defect')");
            t.HasCheckConstraint("ck_gas_checks_dates", "effective_on <= next_deadline AND completed_on <= tenant_copy_due");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(x => x.WorkOrderId).IsUnique(); // one check per order: a repeated report records nothing twice
        builder.HasIndex(x => new { x.HomeId, x.CompletedOn });
        builder.HasOne<HomeRow>().WithMany().HasForeignKey(x => x.HomeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkOrder>().WithMany().HasForeignKey(x => x.WorkOrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
