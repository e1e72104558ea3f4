using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Messages written ahead of their time (docs/email.md, "Issued ahead"): <c>contractors.issue_ahead_days</c> (a
    /// per-order contractor's <c>issueAhead</c>, copied from config by every apply; null: at once) and
    /// <c>outbox_messages.release_at</c> (the moment a deferred notice or letter is released for sending; null for a
    /// message due when written). The claim's index <c>ix_outbox_messages_open</c> (id, open rows) becomes
    /// <c>ix_outbox_messages_due</c> (next_attempt_at, id, open rows): with ~900,000 rows waiting for months the claim
    /// must reach the due rows without walking the deferred ones. No indexed value changes on a claim, so it stays HOT.
    /// </summary>
    public partial class Ahead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_open",
                table: "outbox_messages");

            migrationBuilder.AddColumn<Instant>(
                name: "release_at",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "issue_ahead_days",
                table: "contractors",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_due",
                table: "outbox_messages",
                columns: new[] { "next_attempt_at", "id" },
                filter: "is_open");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
