using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages", t =>
        {
            t.HasCheckConstraint("ck_outbox_messages_kind", InSql("kind", OutboxKinds.All));
            t.HasCheckConstraint("ck_outbox_messages_status", InSql("status", OutboxStatuses.All));
            t.HasCheckConstraint("ck_outbox_messages_recipient_kind", "recipient_kind IN ('contractor', 'tenant', 'manager')");
            t.HasCheckConstraint("ck_outbox_messages_lease", "status <> 'sending' OR lease_until IS NOT NULL");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.Property(x => x.Payload).HasColumnType("jsonb");
        builder.HasIndex(x => x.IdempotencyKey).IsUnique();

        // The dispatcher's claim walks open rows in id order; the partial index keeps it off the sent history.
        builder.HasIndex(x => x.Id).HasDatabaseName("ix_outbox_messages_open").HasFilter("status IN ('pending', 'sending')");

        // "Which messages mention this order?": superseding, cancellation notices, the weekly late-order sweep.
        builder.HasIndex(x => x.WorkOrderIds).HasMethod("gin");
        builder.HasIndex(x => x.Status);
    }

    private static string InSql(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v}'"))})";
}
