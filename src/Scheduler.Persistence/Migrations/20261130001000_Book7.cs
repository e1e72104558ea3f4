using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// What the nightly gas booking (<see cref="Scheduler.Persistence.Gas.GasAppointmentBooking"/>) needs to read only what
    /// changed since the last booking (docs/gas-safety.md, "What a night reads"):
    /// <list type="bullet">
    /// <item><c>gas_booking_state</c>: one row, a version every booking raises in its transaction (on any node): a booking
    /// uses the snapshot its process kept only when no other booking ran since.</item>
    /// <item><c>gas_booking_changes</c>: the homes whose gas booking inputs another writer changed — an order of a home
    /// (status — except <c>planned</c> → <c>issued</c>, the dispatcher issuing an order, which the booking reads alike —
    /// deadline, home, schedule, parent, reference or service updated, or deleted), an appointment or an
    /// escalation (any insert, update or delete) — added by row triggers in the writer's transaction; the booking takes
    /// them (<c>DELETE … RETURNING</c>). The booking's own writes set <c>estate.gas_booking</c> for their transaction and
    /// are not recorded (it reads the homes it wrote for again itself). Inserted orders fire no trigger (the apply's COPY
    /// pays nothing): only generation's apply inserts calendar orders, one at a time, so the booking finds the new ones
    /// by id, above the highest id it saw while no apply ran.</item>
    /// <item><c>ix_gas_appointments_taken</c>: the appointments that take a slot (every status but cancelled) by area and
    /// day, with their slot: the booking counts the slots taken in each area from the day of planning to the last day its
    /// plan can book there (about two months on a later night, not the ~214,000 appointments of the year ahead at 300,000
    /// homes).</item>
    /// </list>
    /// No EF model: these are read and written with plain SQL (<c>GasBookingChanges</c>).
    /// </summary>
    public partial class Book7 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_gas_appointments_taken ON gas_appointments (area_id, date) INCLUDE (slot) WHERE status <> 'cancelled';

                CREATE TABLE gas_booking_state (
                    id integer PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL);
                INSERT INTO gas_booking_state (id, version) VALUES (1, 0);

                CREATE TABLE gas_booking_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    home_id text NOT NULL);

                CREATE FUNCTION gas_booking_changes_order() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'DELETE' THEN
                        INSERT INTO gas_booking_changes (home_id) VALUES (NEW.asset_id);
                    END IF;
                    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.asset_id <> NEW.asset_id) THEN
                        INSERT INTO gas_booking_changes (home_id) VALUES (OLD.asset_id);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION gas_booking_changes_home() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'DELETE' THEN
                        INSERT INTO gas_booking_changes (home_id) VALUES (NEW.home_id);
                    END IF;
                    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.home_id <> NEW.home_id) THEN
                        INSERT INTO gas_booking_changes (home_id) VALUES (OLD.home_id);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER work_orders_gas_booking_updates AFTER UPDATE ON work_orders FOR EACH ROW
                    WHEN ((OLD.asset_kind = 'property' OR NEW.asset_kind = 'property')
                          AND ((OLD.status <> NEW.status AND NOT (OLD.status = 'planned' AND NEW.status = 'issued')) OR OLD.deadline IS DISTINCT FROM NEW.deadline OR OLD.asset_id <> NEW.asset_id
                               OR OLD.schedule_id <> NEW.schedule_id OR OLD.parent_id IS DISTINCT FROM NEW.parent_id
                               OR OLD.asset_kind <> NEW.asset_kind OR OLD.reference <> NEW.reference OR OLD.service <> NEW.service)
                          AND coalesce(current_setting('estate.gas_booking', true), '') <> 'on')
                    EXECUTE FUNCTION gas_booking_changes_order();
                CREATE TRIGGER work_orders_gas_booking_deletes AFTER DELETE ON work_orders FOR EACH ROW
                    WHEN (OLD.asset_kind = 'property')
                    EXECUTE FUNCTION gas_booking_changes_order();
                CREATE TRIGGER gas_appointments_gas_booking_changes AFTER INSERT OR UPDATE OR DELETE ON gas_appointments FOR EACH ROW
                    WHEN (coalesce(current_setting('estate.gas_booking', true), '') <> 'on')
                    EXECUTE FUNCTION gas_booking_changes_home();
                CREATE TRIGGER gas_escalations_gas_booking_changes AFTER INSERT OR UPDATE OR DELETE ON gas_escalations FOR EACH ROW
                    WHEN (coalesce(current_setting('estate.gas_booking', true), '') <> 'on')
                    EXECUTE FUNCTION gas_booking_changes_home();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
