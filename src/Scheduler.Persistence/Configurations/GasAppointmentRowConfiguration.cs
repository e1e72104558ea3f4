using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduler.Persistence.Entities;
using Scheduler.Persistence.Gas;

namespace Scheduler.Persistence.Configurations;

internal sealed class GasAppointmentRowConfiguration : IEntityTypeConfiguration<GasAppointmentRow>
{
    public void Configure(EntityTypeBuilder<GasAppointmentRow> builder)
    {
        builder.ToTable("gas_appointments", t =>
        {
            t.HasCheckConstraint("ck_gas_appointments_status", $"status IN ({string.Join(", ", GasAppointmentStatuses.All.Select(s => $"'{s}'"))})");
            t.HasCheckConstraint("ck_gas_appointments_attempt", "attempt >= 1");
        });
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();

        // Attempts are numbered once per home and deadline; a cancelled booking gives its number back.
        builder.HasIndex(x => new { x.HomeId, x.Deadline, x.Attempt }).IsUnique().HasFilter("status <> 'cancelled'");

        // At most one appointment waiting per order: booking twice books nothing the second time.
        builder.HasIndex(x => x.WorkOrderId, "booked_order").HasDatabaseName("ix_gas_appointments_booked_order").IsUnique().HasFilter("status = 'booked'");
        builder.HasIndex(x => x.WorkOrderId);

        // The visits booked at short notice still to come, for the manager digest (migration ShortNoticeBookings): few
        // rows, so the daily read does not scan every appointment.
        builder.HasIndex(x => x.Date, "short_notice").HasDatabaseName("ix_gas_appointments_short_notice").HasFilter("short_notice AND status = 'booked'");

        // Capacity (visits already booked in an area on a day) is read from ix_gas_appointments_taken (migration Book7:
        // (area_id, date) INCLUDE (slot) WHERE status <> 'cancelled'), which every statement that reads by area and day
        // uses; the model's plain (area_id, date) index beside it was read by none and written by every booking, visit
        // and cancellation (migration TakenSlotsIndexOnly, branch rep32).
        builder.HasOne<HomeRow>().WithMany().HasForeignKey(x => x.HomeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkOrder>().WithMany().HasForeignKey(x => x.WorkOrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
