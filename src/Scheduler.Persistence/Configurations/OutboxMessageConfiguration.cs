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

        // The two partial indexes below are on these stored flags rather than on status, so that no index depends on
        // status itself: the claim (pending -> sending) then changes no indexed value, and PostgreSQL writes the new row
        // version on the same page without new index entries (a HOT update) when the page has room, which the fillfactor
        // leaves (a claimed row grows by its lease). Measured: the claim's server CPU about halved
        // (docs/benchmarks-history.md, Dispatch, branch dispatch6). Queries that want these indexes say is_open /
        // ended_unsent.
        builder.Property<bool>("IsOpen").HasColumnName("is_open").HasComputedColumnSql("status IN ('pending', 'sending')", stored: true);
        builder.Property<bool>("EndedUnsent").HasColumnName("ended_unsent").HasComputedColumnSql("status IN ('dead', 'superseded')", stored: true);
        builder.HasStorageParameter("fillfactor", 45);

        // The dispatcher's claim walks the open rows that are due, by due time then id: the partial index keeps it off the
        // sent history, and its order keeps it off the rows deferred to a later release (issueAhead, letterAhead: at
        // 300,000 homes ~900,000 rows wait for months). The claim changes neither column nor the flag (pending and
        // sending are both open), so it stays HOT. Also the operator's lists and counts of open rows.
        builder.HasIndex(x => new { x.NextAttemptAt, x.Id }).HasDatabaseName("ix_outbox_messages_due").HasFilter("is_open");

        // Open rows waiting after a failed attempt (exponential backoff): with the index above, readiness and the digest
        // count the backlog without reading the rows deferred to a later release, which are never tried before it
        // (OutboxAttention). Only a retry enters a row here: an apply's notices (attempts 0) are not entered, and the
        // claim changes no value of its predicate, so it stays HOT.
        builder.HasIndex(x => x.NextAttemptAt, "ix_outbox_messages_retrying").HasDatabaseName("ix_outbox_messages_retrying").HasFilter("is_open AND attempts > 0");

        // "Which messages mention this order?": superseding, cancellation notices, the weekly late-order sweep, the
        // claim's "an earlier message for the same order is still open". fastupdate off: an apply COPYs a notice per
        // order, and inserting straight into the index costs less than filling the pending list and merging it
        // (measured 0.1 s of backend CPU per 313,566 notices), and lookups never scan a pending list.
        builder.HasIndex(x => x.WorkOrderIds).HasMethod("gin").HasStorageParameter("fastupdate", false);

        // Messages that ended unsent (dead, superseded), by id: the operator's lists and counts. Open rows have the
        // index above; sent rows are the bulk and are read by id. Partial, so a new (pending) message is not entered
        // here: a full index on status cost ~15 % of COPYing an apply's notices (docs/benchmarks-history.md, apply,
        // branch apply2).
        builder.HasIndex(x => x.Id, "ix_outbox_messages_not_sent").HasDatabaseName("ix_outbox_messages_not_sent").HasFilter("ended_unsent");
    }

    private static string InSql(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v}'"))})";
}
