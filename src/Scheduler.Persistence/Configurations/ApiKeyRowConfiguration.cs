using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Configurations;

internal sealed class ApiKeyRowConfiguration : IEntityTypeConfiguration<ApiKeyRow>
{
    public void Configure(EntityTypeBuilder<ApiKeyRow> builder)
    {
        builder.ToTable("api_keys", t => t.HasCheckConstraint("ck_api_keys_id", "id ~ '^[0-9a-f]{16}$'"));
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.ContractorId);

        // contractor_id is not a foreign key: a key may be made before the first apply copies the contractor, and a
        // contractor removed from config keeps its (revocable) keys for the record.
    }
}
