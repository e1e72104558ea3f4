using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class HomeRowConfiguration : IEntityTypeConfiguration<HomeRow>
{
    public void Configure(EntityTypeBuilder<HomeRow> builder)
    {
        builder.ToTable("homes");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Attributes).HasColumnType("jsonb");
        builder.HasOne<BlockRow>().WithMany().HasForeignKey(x => x.BlockId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SiteRow>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AreaRow>().WithMany().HasForeignKey(x => x.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}
