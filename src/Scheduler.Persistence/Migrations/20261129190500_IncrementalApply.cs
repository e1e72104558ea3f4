using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// What the nightly generation needs to apply incrementally (docs/database.md, "The nightly generation"):
    /// <list type="bullet">
    /// <item><c>generation_watermark</c>: one row, written in the transaction of every successful apply — as-of, horizon
    /// end, config version, register version, and the as-of of the last full apply.</item>
    /// <item><c>register_version</c>: one row, a counter every statement that writes <c>areas</c>, <c>sites</c>,
    /// <c>blocks</c> or <c>homes</c> raises (a statement trigger), in the writer's transaction.</item>
    /// <item><c>planning_changes</c>: the (schedule, asset) of every calendar order whose planning inputs another writer
    /// changed (status into or out of the open ones or cancelled, window, target, contractor, completion date, deadline,
    /// keys), added by a row trigger in the writer's transaction; generation takes them (<c>DELETE … RETURNING</c>).
    /// Generation's own writes set <c>estate.generation</c> for their transaction and are not recorded. Only generation
    /// inserts calendar orders (a repair raised from a defect carries an <c>sla_category</c> and is no calendar's), so
    /// there is no insert trigger, and the apply's COPY of new orders pays nothing for it.</item>
    /// </list>
    /// No EF model: these are read and written with plain SQL (<c>GenerationWatermarks</c>).
    /// </summary>
    public partial class IncrementalApply : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE TABLE generation_watermark (
                    id integer PRIMARY KEY CHECK (id = 1),
                    as_of date NOT NULL,
                    horizon_end date NOT NULL,
                    full_as_of date NOT NULL,
                    config_version text NOT NULL,
                    register_version bigint NOT NULL,
                    applied_at timestamp with time zone NOT NULL);

                CREATE TABLE register_version (
                    id integer PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL);
                INSERT INTO register_version (id, version) VALUES (1, 0);

                CREATE TABLE planning_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    schedule_id text NOT NULL,
                    asset_id text NOT NULL);

                CREATE FUNCTION register_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE register_version SET version = version + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER areas_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
                    FOR EACH STATEMENT EXECUTE FUNCTION register_version_raise();
                CREATE TRIGGER sites_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sites
                    FOR EACH STATEMENT EXECUTE FUNCTION register_version_raise();
                CREATE TRIGGER blocks_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON blocks
                    FOR EACH STATEMENT EXECUTE FUNCTION register_version_raise();
                CREATE TRIGGER homes_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON homes
                    FOR EACH STATEMENT EXECUTE FUNCTION register_version_raise();

                CREATE FUNCTION planning_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO planning_changes (schedule_id, asset_id) VALUES (NEW.schedule_id, NEW.asset_id);
                    IF OLD.schedule_id <> NEW.schedule_id OR OLD.asset_id <> NEW.asset_id THEN
                        INSERT INTO planning_changes (schedule_id, asset_id) VALUES (OLD.schedule_id, OLD.asset_id);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER work_orders_planning_changes AFTER UPDATE ON work_orders FOR EACH ROW
                    WHEN ((OLD.sla_category IS NULL OR NEW.sla_category IS NULL)
                          AND ((OLD.status <> NEW.status
                                AND NOT (OLD.status IN ('planned', 'issued', 'appointed') AND NEW.status IN ('planned', 'issued', 'appointed')))
                               OR OLD.window_start <> NEW.window_start OR OLD.window_end <> NEW.window_end
                               OR OLD.target_date <> NEW.target_date
                               OR OLD.contractor_id IS DISTINCT FROM NEW.contractor_id
                               OR OLD.completed_on IS DISTINCT FROM NEW.completed_on
                               OR OLD.deadline IS DISTINCT FROM NEW.deadline
                               OR OLD.parent_id IS DISTINCT FROM NEW.parent_id
                               OR OLD.occurrence_key <> NEW.occurrence_key OR OLD.service <> NEW.service
                               OR OLD.schedule_id <> NEW.schedule_id OR OLD.asset_id <> NEW.asset_id
                               OR OLD.sla_category IS DISTINCT FROM NEW.sla_category)
                          AND coalesce(current_setting('estate.generation', true), '') <> 'apply')
                    EXECUTE FUNCTION planning_changes_record();

                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
