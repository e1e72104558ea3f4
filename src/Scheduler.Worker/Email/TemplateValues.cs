using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// Builds the small <see cref="ScriptObject"/> view models templates see. This is where the escaping policy lives:
/// for <see cref="TemplateFormat.Html"/> every string value is HTML-escaped as it goes in, so an HTML template can
/// write <c>{{ order.address }}</c> safely; numbers and booleans go in as they are. No trusted HTML fragment is ever
/// inserted: markup belongs to the template. Keys are snake_case.
/// </summary>
internal sealed class TemplateValues(TemplateFormat format)
{
    /// <summary>The format the values are being built for.</summary>
    public TemplateFormat Format { get; } = format;

    /// <summary>
    /// A string value: control characters (CR, LF, tab…) become spaces, so a value can never split a line (the
    /// subject line included); then escaped for HTML, or left as it is for text. Null becomes empty.
    /// </summary>
    public string Text(string? value)
    {
        value = OneLine(value ?? string.Empty);
        return Format == TemplateFormat.Html ? HtmlText.Escape(value) : value;
    }

    /// <summary><paramref name="value"/> with every control character replaced by a space.</summary>
    public static string OneLine(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }

    /// <summary>A list of strings, each as <see cref="Text"/>.</summary>
    public ScriptArray Texts(IEnumerable<string> values)
    {
        var array = values is IReadOnlyCollection<string> { Count: var count } ? new ScriptArray(count) : new ScriptArray();
        foreach (var value in values)
        {
            array.Add(Text(value));
        }

        return array;
    }

    /// <summary>
    /// A date: <c>text</c> ("Tuesday 14 September 2027"), <c>short</c> ("Tue 14 Sep"), <c>iso</c> ("2027-09-14"), and the
    /// numbers <c>day</c>, <c>month</c> (1–12), <c>year</c> and <c>weekday</c> (1 = Monday … 7 = Sunday) for templates
    /// in other languages to spell out themselves.
    /// </summary>
    /// <remarks>
    /// Like every value object here it is made new for each render (a template may change its own copy), with room
    /// for exactly its keys, added in the order they always had; the date's texts are formatted once per date
    /// (<see cref="DateTexts"/>).
    /// </remarks>
    public static ScriptObject Date(LocalDate date)
    {
        var texts = DateTexts.Of(date);
        return new ScriptObject(7)
        {
            { "text", texts.Long },
            { "short", texts.Short },
            { "iso", texts.Iso },
            { "day", date.Day },
            { "month", date.Month },
            { "year", date.Year },
            { "weekday", (int)date.DayOfWeek },
        };
    }

    /// <summary>
    /// A time of day (a slot's start or end): <c>text</c> in plain English, 12-hour ("8am", "12 noon", "5:30pm",
    /// "12 midnight"), <c>clock</c> 24-hour without a leading zero ("8:00", "17:30", for other languages),
    /// <c>iso</c> ("08:00"), and the numbers <c>hour</c> (0–23) and <c>minute</c>.
    /// </summary>
    public static ScriptObject Time(LocalTime time) => new(5)
    {
        { "text", EnglishTime(time) },
        { "clock", string.Create(CultureInfo.InvariantCulture, $"{time.Hour}:{time.Minute:00}") },
        { "iso", SlotHours.Clock(time) },
        { "hour", time.Hour },
        { "minute", time.Minute },
    };

    /// <summary>A slot's hours in plain English: "between 8am and 12 noon".</summary>
    public static string Between(SlotHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return $"between {EnglishTime(hours.From)} and {EnglishTime(hours.To)}";
    }

    /// <summary>"8am", "8:30am", "12 noon", "12:30pm", "5pm", "12 midnight" (the style of a plain-English letter).</summary>
    public static string EnglishTime(LocalTime time)
    {
        if (time.Minute == 0 && time.Hour is 0 or 12)
        {
            return time.Hour == 0 ? "12 midnight" : "12 noon";
        }

        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var minutes = time.Minute == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $":{time.Minute:00}");
        return string.Create(CultureInfo.InvariantCulture, $"{hour}{minutes}{(time.Hour < 12 ? "am" : "pm")}");
    }

    /// <summary>A window: <c>start</c> and <c>end</c> (dates, both inclusive) and <c>days</c>.</summary>
    public static ScriptObject Window(ServiceWindow window) => new(3)
    {
        { "start", Date(window.Start) },
        { "end", Date(window.End) },
        { "days", window.Days },
    };

    /// <summary>
    /// <c>organisation</c>: name, phone, email (empty when not configured), has_phone, has_email. Made once per
    /// organisation and format, read-only (a template cannot change it for later renders).
    /// </summary>
    public ScriptObject Organisation(Organisation organisation) =>
        (Format == TemplateFormat.Html ? HtmlOrganisations : TextOrganisations).GetValue(organisation, o => ReadOnly(MakeOrganisation(o)));

    /// <summary><c>contractor</c>: id and name. Made once per contractor and format, read-only.</summary>
    public ScriptObject Contractor(Contractor contractor) =>
        (Format == TemplateFormat.Html ? HtmlContractors : TextContractors).GetValue(contractor, c => ReadOnly(MakeContractor(c)));

    private static readonly ConditionalWeakTable<Organisation, ScriptObject> TextOrganisations = [];
    private static readonly ConditionalWeakTable<Organisation, ScriptObject> HtmlOrganisations = [];
    private static readonly ConditionalWeakTable<Contractor, ScriptObject> TextContractors = [];
    private static readonly ConditionalWeakTable<Contractor, ScriptObject> HtmlContractors = [];
    private static readonly ScriptObject ClearPrint = ReadOnly(MakePrint(largePrint: false));
    private static readonly ScriptObject LargePrint = ReadOnly(MakePrint(largePrint: true));

    private static ScriptObject ReadOnly(ScriptObject value)
    {
        value.IsReadOnly = true;
        return value;
    }

    private ScriptObject MakeOrganisation(Organisation organisation) => new(5)
    {
        { "name", Text(organisation.Name) },
        { "phone", Text(organisation.Phone) },
        { "email", Text(organisation.Email) },
        { "has_phone", !string.IsNullOrWhiteSpace(organisation.Phone) },
        { "has_email", !string.IsNullOrWhiteSpace(organisation.Email) },
    };

    private ScriptObject MakeContractor(Contractor contractor) => new(2)
    {
        { "id", Text(contractor.Id) },
        { "name", Text(contractor.Name) },
    };

    /// <summary>One work order (see docs/email.md for every key).</summary>
    public ScriptObject Order(WorkOrderView order)
    {
        var followUps = new ScriptArray(order.FollowUps.Count);
        foreach (var f in order.FollowUps)
        {
            followUps.Add(new ScriptObject(4)
            {
                { "reference", Text(f.Reference) },
                { "service", Text(f.ServiceName) },
                { "window", Window(f.Window) },
                { "target_date", Date(f.TargetDate) },
            });
        }

        return new ScriptObject(21)
        {
            { "reference", Text(order.Reference) },
            { "service", Text(order.ServiceName) },
            { "service_id", Text(order.ServiceId) },
            { "asset", Text(order.AssetName) },
            { "asset_id", Text(order.AssetId) },
            { "address", Text(order.Address) },
            { "postcode", Text(order.Postcode) },
            { "window", Window(order.Window) },
            { "target_date", Date(order.TargetDate) },
            { "checklist", Texts(order.Checklist) },
            { "follow_ups", followUps },
            { "status", StatusName(order.Status) },
            { "sequence", order.Sequence },
            { "is_update", order.Status == WorkOrderStatus.Changed },
            {
                "feedback", order.Feedback is { } links
                    ? new ScriptObject(4)
                    {
                        { "done", Text(links.Done) },
                        { "no_access", Text(links.NoAccess) },
                        { "defect", Text(links.Defect) },
                        { "last_day", Date(links.LastDay) },
                    }
                    : null
            },
            { "appointment", order.Appointment is { } appointment ? Appointment(appointment) : null },
            { "previous_appointment", order.PreviousAppointment is { } previous ? Appointment(previous) : null },
            { "previous_window", order.PreviousWindow is { } previousWindow ? Window(previousWindow) : null },
            { "previous_target_date", order.PreviousTargetDate is { } previousTarget ? Date(previousTarget) : null },
            { "address_changed", order.AddressChanged },
            { "repair", order.Repair is { } repair ? Repair(repair) : null },
        };
    }

    /// <summary>
    /// <c>order.repair</c>: <c>name</c> ("Emergency repairs"), <c>promise</c> ("Attend and make safe within 4 hours"),
    /// <c>emergency</c> (a target in hours), <c>reported</c> and <c>due</c> (each a date with <c>time</c>, a time),
    /// <c>reported_text</c> ("8pm on Tuesday 2 March 2027") and <c>due_text</c> ("by the end of Tuesday 2 March 2027",
    /// "by 4pm on Sunday 29 November 2026"), <c>defect</c> (the defect's description as the reporting contractor wrote it,
    /// on one line and at most <see cref="OrderRepair.MaxDefectShown"/> characters; null when they wrote none) and
    /// <c>defect_text</c> (the same, or "no description was given").
    /// </summary>
    internal ScriptObject Repair(OrderRepair repair) => new(10)
    {
        { "category", Text(repair.Category) },
        { "name", Text(repair.Name) },
        { "promise", Text(repair.Promise) },
        { "emergency", repair.Emergency },
        { "reported", Moment(repair.Reported) },
        { "due", Moment(repair.Due) },
        { "reported_text", Text(repair.ReportedText) },
        { "due_text", Text(repair.DueText) },
        { "defect", repair.DefectShown is { } defect ? Text(defect) : null },
        { "defect_text", Text(repair.DefectText) },
    };

    private static ScriptObject Moment(ZonedDateTime moment)
    {
        var value = Date(moment.Date);
        value.Add("time", Time(moment.TimeOfDay));
        return value;
    }

    /// <summary>
    /// <c>order.appointment</c>: <c>date</c>, <c>slot</c> (as config names it), and when the slot has hours
    /// <c>slot_from</c> and <c>slot_to</c> (times) and <c>slot_hours</c> ("between 8am and 12 noon"); those are null
    /// and empty when it has none. Keys as a tenant's letter has them for <c>appointment</c>.
    /// </summary>
    internal ScriptObject Appointment(OrderAppointment appointment) => new(5)
    {
        { "date", Date(appointment.Date) },
        { "slot", Text(appointment.Slot) },
        { "slot_from", appointment.Hours is { } from ? Time(from.From) : null },
        { "slot_to", appointment.Hours is { } to ? Time(to.To) : null },
        { "slot_hours", Text(appointment.Hours is { } hours ? Between(hours) : string.Empty) },
    };

    /// <summary>The list of orders.</summary>
    public ScriptArray Orders(IEnumerable<WorkOrderView> orders)
    {
        var array = new ScriptArray();
        foreach (var order in orders)
        {
            array.Add(Order(order));
        }

        return array;
    }

    /// <summary><c>print</c>: large (bool) and font_size_pt (14 for clear print, 18 for large print); read-only, shared.</summary>
    public static ScriptObject Print(bool largePrint) => largePrint ? LargePrint : ClearPrint;

    private static ScriptObject MakePrint(bool largePrint) => new(2)
    {
        { "large", largePrint },
        { "font_size_pt", largePrint ? LargePrintPoints : ClearPrintPoints },
    };

    /// <summary>The body text size of a clear-print letter (DOMAIN §8: at least 12 pt, 14 preferred).</summary>
    public const int ClearPrintPoints = 14;

    /// <summary>The body text size of a large-print letter (DOMAIN §8: at least 16 pt, ideally 18).</summary>
    public const int LargePrintPoints = 18;

    private static string StatusName(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.New => "new",
        WorkOrderStatus.Changed => "changed",
        WorkOrderStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Status must be New, Changed or Cancelled."),
    };
}
