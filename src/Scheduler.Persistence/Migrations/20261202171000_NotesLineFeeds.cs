using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// The contractors' notes stored before branch feedback38 (<c>work_order_events.note</c>, the only column that holds
    /// one; the view <c>work_order_history</c> shows it) get the line breaks every route has stored since
    /// (<c>CompletionNote.Normalise</c>): CRLF and a lone CR become LF, so reports, exports and the repair's notice read
    /// one form. Nothing else in the note changes (its ends were already trimmed by every route). Idempotent: only rows
    /// holding a CR are written, and a second run finds none.
    /// </summary>
    public partial class NotesLineFeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                UPDATE work_order_events
                SET note = replace(replace(note, E'\r\n', E'\n'), E'\r', E'\n')
                WHERE note ~ E'\r';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
