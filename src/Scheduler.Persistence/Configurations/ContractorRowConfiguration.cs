using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class ContractorRowConfiguration : IEntityTypeConfiguration<ContractorRow>
{
    public void Configure(EntityTypeBuilder<ContractorRow> builder)
    {
        builder.ToTable("contractors", t => t.HasCheckConstraint("ck_contractors_dispatch", "dispatch IN ('per-order', 'weekly')"));
        builder.HasKey(x => x.Id);
        builder.HasOne<ConfigVersionRow>().WithMany().HasForeignKey(x => x.ConfigVersion).OnDelete(DeleteBehavior.Restrict);
    }
}
