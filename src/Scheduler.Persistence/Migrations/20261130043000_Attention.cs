using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>ix_outbox_messages_retrying</c>: open messages waiting after a failed attempt, by next attempt, a partial index.
    /// Readiness (every probe) and the digest counted the backlog by reading every open row; since <c>Ahead</c> that is
    /// every notice and letter written for months ahead (~900,000 rows at 300,000 homes, ~0.3 s of a parallel scan a
    /// probe). The backlog is now the due rows (<c>ix_outbox_messages_due</c> up to now) and these.
    /// </summary>
    public partial class Attention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_retrying",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "is_open AND attempts > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
