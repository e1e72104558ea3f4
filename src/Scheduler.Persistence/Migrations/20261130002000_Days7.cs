using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// What makes a later night's generation cheaper (docs/database.md, "The nightly generation"):
    /// <list type="bullet">
    /// <item><c>planning_changes.visit_closed</c>: set by the row trigger when the only planning input that changed is the
    /// status, from an open one (planned, issued, appointed) to <c>completed</c> or <c>no-access</c> (a reported visit),
    /// with window, target, contractor, deadline, parent, keys and SLA category unchanged. A closed order is history to
    /// the planner, so such a change of a fixed (not floating) schedule's order changes no plan: the nightly generation
    /// no longer compares its asset whole. Rows recorded before this migration are false (compared whole, as before).</item>
    /// <item><c>ix_work_orders_open_window_end</c>: the open orders of homes that are not follow-ups or repairs, by
    /// <c>window_end</c>. An incremental night looks for the open floating visits whose window ended since the last apply
    /// (one day's worth); it scanned every order (~0.35 s of the server's CPU a night at 300,000 homes).</item>
    /// <item><c>generation_watermark.token</c>: a new random value written by every apply, so a process can tell that
    /// the watermark is still the one it wrote itself (no other node applied since) and keep what it read between nights.</item>
    /// </list>
    /// Changes no EF model.
    /// </summary>
    public partial class Days7 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER TABLE planning_changes ADD COLUMN visit_closed boolean NOT NULL DEFAULT false;
                ALTER TABLE generation_watermark ADD COLUMN token uuid;

                CREATE OR REPLACE FUNCTION planning_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    closed boolean := OLD.status IN ('planned', 'issued', 'appointed') AND NEW.status IN ('completed', 'no-access')
                        AND OLD.window_start = NEW.window_start AND OLD.window_end = NEW.window_end AND OLD.target_date = NEW.target_date
                        AND OLD.contractor_id IS NOT DISTINCT FROM NEW.contractor_id AND OLD.deadline IS NOT DISTINCT FROM NEW.deadline
                        AND OLD.parent_id IS NOT DISTINCT FROM NEW.parent_id AND OLD.occurrence_key = NEW.occurrence_key
                        AND OLD.service = NEW.service AND OLD.schedule_id = NEW.schedule_id AND OLD.asset_id = NEW.asset_id
                        AND OLD.sla_category IS NOT DISTINCT FROM NEW.sla_category;
                BEGIN
                    INSERT INTO planning_changes (schedule_id, asset_id, visit_closed) VALUES (NEW.schedule_id, NEW.asset_id, coalesce(closed, false));
                    IF OLD.schedule_id <> NEW.schedule_id OR OLD.asset_id <> NEW.asset_id THEN
                        INSERT INTO planning_changes (schedule_id, asset_id) VALUES (OLD.schedule_id, OLD.asset_id);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE INDEX ix_work_orders_open_window_end ON work_orders (window_end)
                WHERE parent_id IS NULL AND sla_category IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
