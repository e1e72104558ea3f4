using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class BlockRowConfiguration : IEntityTypeConfiguration<BlockRow>
{
    public void Configure(EntityTypeBuilder<BlockRow> builder)
    {
        builder.ToTable("blocks", t => t.HasCheckConstraint("ck_blocks_cleaning", "cleaning IN ('weekly', 'fortnightly', 'monthly', 'none')"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Attributes).HasColumnType("jsonb");
        builder.HasOne<SiteRow>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AreaRow>().WithMany().HasForeignKey(x => x.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}
