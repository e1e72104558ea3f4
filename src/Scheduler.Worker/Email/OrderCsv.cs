using System.Globalization;
using System.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Email;

/// <summary>
/// The <c>.csv</c> of orders a contractor's email carries, for a spreadsheet: a header row, then one row per order
/// with ISO dates (windows inclusive at both ends). Fields are quoted as RFC 4180 says (only when they hold a comma,
/// a double quote or a line break; quotes doubled); lines end in CRLF. A text field that starts with <c>=</c>,
/// <c>+</c>, <c>-</c> or <c>@</c> gets a leading apostrophe so a spreadsheet shows it instead of running it as a formula.
/// The last four columns (after <c>follow_ups</c>, so the earlier ones keep their positions) are the appointment booked
/// with the tenant (<see cref="WorkOrderView.Appointment"/>): its ISO date, its slot as config names it, and the slot's
/// hours as local times (the organisation's zone) <c>HH:mm</c> (empty when config gives the slot none); all four empty for an order
/// without one. A changed-appointment notice's row has the new appointment only: the one it replaces is in its text
/// and calendar entry, and a row per order keeps the file one shape for every message.
/// The two columns after those (branch defect29) are for a repair raised from a defect (<see cref="WorkOrderView.Repair"/>):
/// <c>defect</c>, the defect's whole description as the reporting contractor wrote it (line breaks kept, quoted; "no
/// description was given" when they wrote none), and <c>due</c>, the moment the repair is due by in the organisation's zone with
/// its offset (<c>2027-03-04T14:00+00:00</c>; a days target's is 00:00 after its last day); both empty for calendar work.
/// </summary>
public static class OrderCsv
{
    /// <summary>The header row, without its line end.</summary>
    public const string Header = "reference,service,asset,address,postcode,window_start,window_end,target_date,status,sequence,checklist,follow_ups,appointment_date,appointment_slot,appointment_from,appointment_to,defect,due";

    /// <summary>The CSV text of <paramref name="orders"/>, in the order given.</summary>
    public static string Write(IReadOnlyList<WorkOrderView> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        // This thread's buffer, emptied (a new one when in use): a message's .csv allocates its text and little else.
        var csv = t_buffer ?? new StringBuilder(2048);
        t_buffer = null;
        csv.Clear().Append(Header).Append("\r\n");
        foreach (var o in orders)
        {
            Text(csv, o.Reference).Append(',');
            Text(csv, o.ServiceName).Append(',');
            Text(csv, o.AssetName).Append(',');
            Text(csv, o.Address).Append(',');
            Text(csv, o.Postcode).Append(',');
            csv.Append(DateTexts.Of(o.Window.Start).Iso).Append(',');
            csv.Append(DateTexts.Of(o.Window.End).Iso).Append(',');
            csv.Append(DateTexts.Of(o.TargetDate).Iso).Append(',');
            csv.Append(StatusName(o.Status)).Append(',');
            csv.Append(o.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',');
            Text(csv, string.Join("; ", o.Checklist)).Append(',');
            Text(csv, string.Join(' ', o.FollowUps.Select(f => f.Reference))).Append(',');
            Appointment(csv, o.Appointment).Append(',');
            Repair(csv, o.Repair).Append("\r\n");
        }

        var written = csv.ToString();
        if (csv.Capacity <= MaxKeptChars)
        {
            t_buffer = csv;
        }

        return written;
    }

    /// <summary>The largest buffer kept for the next <see cref="Write"/> on its thread (a long programme's is let go).</summary>
    private const int MaxKeptChars = 256 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_buffer;

    /// <summary>The status as the enum's name in lower case, without making the string each time.</summary>
    private static string StatusName(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.New => "new",
        WorkOrderStatus.Changed => "changed",
        WorkOrderStatus.Cancelled => "cancelled",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>The four appointment fields (date, slot, from, to), empty when there is no appointment or no hours.</summary>
    private static StringBuilder Appointment(StringBuilder csv, OrderAppointment? appointment)
    {
        if (appointment is null)
        {
            return csv.Append(",,,");
        }

        csv.Append(DateTexts.Of(appointment.Date).Iso).Append(',');
        Text(csv, appointment.Slot).Append(',');
        return appointment.Hours is { } hours
            ? csv.Append(SlotHours.Clock(hours.From)).Append(',').Append(SlotHours.Clock(hours.To))
            : csv.Append(',');
    }

    /// <summary>The repair's two fields (defect, due), empty for calendar work.</summary>
    private static StringBuilder Repair(StringBuilder csv, OrderRepair? repair) => repair is null
        ? csv.Append(',')
        : Text(csv, repair.Defect ?? OrderRepair.NoDefectDescription).Append(',').Append(DuePattern.Format(repair.Due));

    // The deadline as a spreadsheet or a program reads it: local date and time with the offset that makes it one instant.
    private static readonly NodaTime.Text.ZonedDateTimePattern DuePattern =
        NodaTime.Text.ZonedDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<+HH:mm>", null);

    private static StringBuilder Text(StringBuilder csv, string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return CsvText.AppendField(csv, value);
    }
}
