using System.Text;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Email;

/// <summary>
/// Writes the <c>.ics</c> a contractor's email carries (RFC 5545 by hand, as iMIP expects, RFC 6047): one all-day
/// VEVENT per order spanning its window (<c>DTSTART;VALUE=DATE</c> is the first day, <c>DTEND</c> the day
/// <i>after</i> the last, as iCalendar ends are exclusive). The UID is <c>{reference}@{domain}</c>, the same every
/// time an order is sent, so a changed order (higher <see cref="WorkOrderView.Sequence"/>) updates the contractor's
/// entry and a cancellation (<c>METHOD:CANCEL</c>, same UID, higher sequence) removes it. The organiser is the
/// sender, the attendee the contractor. Lines end in CRLF, are folded at 75 octets, TEXT values escaped.
/// An order with an appointment booked with the tenant (<see cref="WorkOrderView.Appointment"/>) is on that day
/// instead: timed from the slot's start to its end when the slot has hours (in UTC, converted from the organisation's zone with
/// the time zone database when the file is made, so no VTIMEZONE is needed and every client shows it in its own zone;
/// busy, <c>TRANSP:OPAQUE</c>), all-day on the day otherwise; same UID, so it replaces the window's entry. The
/// DESCRIPTION words the appointment's slot with the words the emails use, from the templates' partial
/// <c>_order-slot.txt</c> (<see cref="TemplateRenderer.SlotWords"/>), when the writer is given it.
/// </summary>
public sealed class OrderCalendar
{
    /// <summary>The calendar's product identifier.</summary>
    public const string ProductId = "-//EstateScheduler//Work orders//EN";

    private static readonly InstantPattern DateTimeUtc = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'");

    /// <summary>
    /// Makes a writer. <paramref name="uidDomain"/> is the part of every UID after <c>@</c> (keep it fixed for the
    /// life of the system, or calendars will duplicate orders); the organiser is who sends the email, named as
    /// <paramref name="organisation"/>, in whose zone (<see cref="Organisation.Zone"/>) a slot's hours are.
    /// <paramref name="slotWords"/> words an appointment's slot and hours ("morning, between 8am and 12 noon"), or
    /// gives null to use <see cref="DefaultSlotWords"/>: the dispatcher passes <see cref="TemplateRenderer.SlotWords"/>,
    /// so the calendar says what the email says.
    /// </summary>
    public OrderCalendar(string uidDomain, Organisation organisation, string organiserEmail, Func<OrderAppointment, string?>? slotWords = null)
    {
        _slotWords = slotWords;
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentException.ThrowIfNullOrWhiteSpace(uidDomain);
        ArgumentException.ThrowIfNullOrWhiteSpace(organiserEmail);
        if (!IsUidText(uidDomain))
        {
            throw new ArgumentException($"The UID domain '{uidDomain}' may hold only letters, digits, '.', '-' and '_'.", nameof(uidDomain));
        }

        UidDomain = uidDomain;
        OrganiserName = organisation.Name ?? string.Empty;
        _zone = organisation.Zone;
        OrganiserEmail = organiserEmail;
        _organiserLine = ContentLine($"ORGANIZER;CN={ParameterValue(OrganiserName)}", $"mailto:{OrganiserEmail}");
    }

    /// <summary>The zone a slot's hours are in (SlotHours: local time in the organisation's zone).</summary>
    private readonly DateTimeZone _zone;

    /// <summary>The slot's words from the templates, or null for <see cref="DefaultSlotWords"/>.</summary>
    private readonly Func<OrderAppointment, string?>? _slotWords;

    /// <summary>The ORGANIZER content line, folded, with its CRLF: the same in every event.</summary>
    private readonly string _organiserLine;

    /// <summary>Each contractor's ATTENDEE content line, folded, made once per contractor.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Contractor, string> _attendeeLines = [];

    /// <summary>The part of every UID after <c>@</c>.</summary>
    public string UidDomain { get; }

    /// <summary>The organiser's name (the landlord).</summary>
    public string OrganiserName { get; }

    /// <summary>The organiser's address (the sender of the email).</summary>
    public string OrganiserEmail { get; }

    /// <summary>The UID of <paramref name="order"/>'s event: <c>{reference}@{domain}</c>.</summary>
    public string UidOf(WorkOrderView order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!IsUidText(order.Reference))
        {
            throw new ArgumentException($"The reference '{order.Reference}' may hold only letters, digits, '.', '-' and '_'.", nameof(order));
        }

        return $"{order.Reference}@{UidDomain}";
    }

    /// <summary>
    /// <see cref="CalendarMethod.Cancel"/> when every order is cancelled, <see cref="CalendarMethod.Request"/> when
    /// none is. Throws <see cref="ArgumentException"/> for an empty list or a mixture: one calendar file has one
    /// method, so cancellations go in a file of their own.
    /// </summary>
    public static CalendarMethod MethodFor(IReadOnlyList<WorkOrderView> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0)
        {
            throw new ArgumentException("A calendar file needs at least one order.", nameof(orders));
        }

        var cancelled = orders.Count(o => o.Status == WorkOrderStatus.Cancelled);
        return cancelled == 0 ? CalendarMethod.Request
            : cancelled == orders.Count ? CalendarMethod.Cancel
            : throw new ArgumentException("Cancelled and live orders cannot share a calendar file (one METHOD per file).", nameof(orders));
    }

    /// <summary>
    /// The calendar file for <paramref name="orders"/> sent to <paramref name="contractor"/>; see
    /// <see cref="MethodFor"/> for the method and its rules. <paramref name="stamp"/> is when the file is made
    /// (DTSTAMP), from the caller's clock.
    /// </summary>
    public IcsFile Write(IReadOnlyList<WorkOrderView> orders, Contractor contractor, Instant stamp)
    {
        ArgumentNullException.ThrowIfNull(contractor);
        var method = MethodFor(orders);
        var file = new IcsFile(method, string.Empty);
        var stampText = DateTimeUtc.Format(stamp);
        var attendee = _attendeeLines.GetValue(contractor, static c => ContentLine(
            $"ATTENDEE;CN={ParameterValue(c.Name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE",
            $"mailto:{c.Email}"));
        // This thread's writer, line and description buffers, emptied (new ones when in use): a message's calendar
        // allocates its text and little else (branch prof31; before, ~5 kB of buffers a message).
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        var text = scratch.Text;
        text.GetStringBuilder().Clear();
        var ics = scratch.Ics;
        ics.WriteLine("BEGIN:VCALENDAR");
        ics.Write("VERSION", "2.0");
        ics.Write("PRODID", ProductId);
        ics.Write("CALSCALE", "GREGORIAN");
        ics.Write("METHOD", file.MethodName);
        foreach (var order in orders)
        {
            ics.WriteLine("BEGIN:VEVENT");
            ics.Write("UID", UidOf(order));
            ics.Write("SEQUENCE", order.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ics.Write("DTSTAMP", stampText);
            var timed = order.Appointment is { Hours: { } hours } appointment ? hours : null;
            if (timed is not null)
            {
                ics.Write("DTSTART", DateTimeUtc.Format(order.Appointment!.Date.At(timed.From).InZoneLeniently(_zone).ToInstant()));
                ics.Write("DTEND", DateTimeUtc.Format(order.Appointment.Date.At(timed.To).InZoneLeniently(_zone).ToInstant()));
            }
            else
            {
                var (first, last) = order.Appointment is { } day ? (day.Date, day.Date) : (order.Window.Start, order.Window.End);
                ics.Write("DTSTART;VALUE=DATE", DateTexts.Of(first).Basic);
                ics.Write("DTEND;VALUE=DATE", DateTexts.Of(last.PlusDays(1)).Basic);
            }

            ics.WriteText("SUMMARY", $"{order.Reference} {order.ServiceName} - {order.AssetName}");
            ics.WriteText("LOCATION", string.IsNullOrEmpty(order.Postcode) ? order.Address : $"{order.Address}, {order.Postcode}");
            ics.WriteText("DESCRIPTION", Description(order, scratch.Description));
            ics.WriteText("CATEGORIES", order.ServiceId);
            text.Write(_organiserLine);
            text.Write(attendee);
            ics.Write("STATUS", method == CalendarMethod.Cancel ? "CANCELLED" : "CONFIRMED");
            ics.Write("TRANSP", timed is null ? "TRANSPARENT" : "OPAQUE");
            ics.WriteLine("END:VEVENT");
        }

        ics.WriteLine("END:VCALENDAR");
        var written = text.ToString();
        if (text.GetStringBuilder().Capacity <= Scratch.MaxKeptChars)
        {
            t_scratch = scratch;
        }

        return file with { Text = written };
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>
    /// The buffers one <see cref="Write"/> works in, reused by the next on the same thread (not kept once a very long
    /// programme has grown them past <see cref="MaxKeptChars"/>). Not thread-safe: one writer at a time.
    /// </summary>
    private sealed class Scratch
    {
        public const int MaxKeptChars = 256 * 1024;

        public Scratch()
        {
            Text = new StringWriter(new StringBuilder(4096), System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\r\n" };
            Ics = new IcsContentWriter(Text);
        }

        /// <summary>The calendar's text.</summary>
        public StringWriter Text { get; }

        /// <summary>Writes content lines (with its own line buffer) into <see cref="Text"/>.</summary>
        public IcsContentWriter Ics { get; }

        /// <summary>An event's DESCRIPTION before it is escaped and folded.</summary>
        public StringBuilder Description { get; } = new(512);
    }

    /// <summary>One content line <c>name:value</c>, folded, with its CRLF, as <see cref="IcsContentWriter"/> writes it.</summary>
    private static string ContentLine(string name, string value)
    {
        using var line = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        new IcsContentWriter(line).Write(name, value);
        return line.ToString();
    }

    private string Description(WorkOrderView order, StringBuilder text)
    {
        text.Clear()
            .Append("Reference: ").Append(order.Reference).Append('\n');
        if (order.Appointment is { } appointment)
        {
            text.Append("Appointment: ").Append(AppointmentText(appointment)).Append(" (booked with the tenant; keep to it or tell us)\n");
        }

        if (order.PreviousAppointment is { } previous)
        {
            text.Append("Replaces the earlier appointment: ").Append(AppointmentText(previous)).Append('\n');
        }

        if (order.Repair is { } repair)
        {
            // The promise and its moment, as the email gives them: an emergency is due hours after its report, not at the
            // end of the window's (all-day) last day. Then what the defect is, as the email shows it (one line, bounded);
            // the DESCRIPTION is TEXT-escaped and folded as a whole.
            text.Append(repair.Emergency ? "Emergency repair, due " : "Repair, due ").Append(repair.DueText)
                .Append(" (").Append(repair.Name).Append(": ").Append(repair.Promise.ToLowerInvariant())
                .Append(" of the report, made ").Append(repair.ReportedText).Append(")\n")
                .Append("Defect: ").Append(repair.DefectText).Append('\n');
        }

        text
            .Append("Target date: ").Append(DateTexts.Of(order.TargetDate).Long).Append('\n')
            .Append("Window: ").Append(DateTexts.Of(order.Window.Start).Long).Append(" to ")
            .Append(DateTexts.Of(order.Window.End).Long).Append(" (both days included)");
        if (order.Status == WorkOrderStatus.Cancelled)
        {
            text.Append("\nCancelled: please do not do this work.");
        }

        foreach (var item in order.Checklist)
        {
            text.Append("\n- ").Append(item);
        }

        foreach (var next in order.FollowUps)
        {
            text.Append("\nAfter this visit: ").Append(next.ServiceName).Append(" (").Append(next.Reference)
                .Append("), target ").Append(DateTexts.Of(next.TargetDate).Long);
        }

        return text.ToString();
    }

    /// <summary>"Friday 8 January 2027, morning, between 8am and 12 noon": the day, then the slot as the emails word it.</summary>
    private string AppointmentText(OrderAppointment appointment) =>
        $"{DateTexts.Of(appointment.Date).Long}, {_slotWords?.Invoke(appointment) ?? DefaultSlotWords(appointment)}";

    /// <summary>
    /// "morning, between 8am and 12 noon": the shipped partial <c>_order-slot.txt</c>'s wording, for a writer given no
    /// templates or a templates folder without that partial (<see cref="TemplateRenderer.SlotWords"/> gives null).
    /// </summary>
    internal static string DefaultSlotWords(OrderAppointment appointment)
    {
        var slot = appointment.Slot switch
        {
            "AM" => "morning",
            "PM" => "afternoon",
            _ => appointment.Slot,
        };
        return appointment.Hours is { } hours ? $"{slot}, {TemplateValues.Between(hours)}" : slot;
    }

    /// <summary>A parameter value, always quoted; a double quote or control character (which it may not hold) becomes a space.</summary>
    private static string ParameterValue(string value)
    {
        var clean = new StringBuilder(value.Length + 2).Append('"');
        foreach (var ch in value)
        {
            clean.Append(ch == '"' || char.IsControl(ch) ? ' ' : ch);
        }

        return clean.Append('"').ToString();
    }

    private static bool IsUidText(string text)
    {
        foreach (var ch in text)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch is not ('.' or '-' or '_'))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
