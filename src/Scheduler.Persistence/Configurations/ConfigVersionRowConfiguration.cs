using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class ConfigVersionRowConfiguration : IEntityTypeConfiguration<ConfigVersionRow>
{
    public void Configure(EntityTypeBuilder<ConfigVersionRow> builder)
    {
        builder.ToTable("config_versions");
        builder.HasKey(x => x.Id);
    }
}
