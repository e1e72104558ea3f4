using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class AreaRowConfiguration : IEntityTypeConfiguration<AreaRow>
{
    public void Configure(EntityTypeBuilder<AreaRow> builder)
    {
        builder.ToTable("areas");
        builder.HasKey(x => x.Id);
    }
}
