using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class RegisterChangeConfiguration : IEntityTypeConfiguration<RegisterChange>
{
    public void Configure(EntityTypeBuilder<RegisterChange> builder)
    {
        builder.ToTable("register_changes", t => t.HasCheckConstraint(
            "ck_register_changes_change", "change IN ('added', 'updated', 'deactivated', 'reactivated')"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(x => new { x.Entity, x.EntityId });
    }
}
