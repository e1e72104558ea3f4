using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The payload of a <see cref="OutboxKinds.TenantLetter"/> message: which letter, about which home, and the facts the
/// letter prints. The tenant (recipient) is the message's <see cref="OutboxMessage.RecipientId"/>; the dispatcher reads
/// the tenant's channel, large-print and language preferences when it composes the letter, so a preference changed
/// after the letter was queued is still honoured.
/// </summary>
/// <param name="Letter">One of <see cref="TenantLetterKinds"/>.</param>
/// <param name="HomeId">The home the letter is about.</param>
/// <param name="Reference">For an appointment letter, the work order reference; otherwise null.</param>
/// <param name="Service">For an appointment letter, the service id (e.g. <c>gas-safety</c>); otherwise null.</param>
/// <param name="Date">For an appointment letter, the appointment's local date; otherwise null.</param>
/// <param name="Slot">For an appointment letter, <c>AM</c> or <c>PM</c>; otherwise null.</param>
/// <param name="Year">For an improvement letter, the programme year the home enters; otherwise null.</param>
/// <param name="Components">For an improvement letter, the component ids programmed (e.g. <c>kitchen</c>); otherwise null.</param>
/// <param name="PreviousDate">For a second or third appointment letter, the local date of the attempt before, when we
/// could not get in; otherwise null.</param>
/// <param name="ReplacesDate">For a changed-appointment letter (<see cref="TenantLetterKinds.AppointmentChanged"/>), the day of
/// the appointment the tenant was told of and which this one replaces (cancelled); for a second or third letter, a visit
/// the tenant was told of under another order and cancelled by this rebooking, when there is one; otherwise null.</param>
/// <param name="ReplacesSlot">For a changed-appointment letter, that appointment's slot (<c>AM</c>, <c>PM</c>); otherwise null.</param>
/// <param name="CheckedOn">For a cancelled-appointment letter (<see cref="TenantLetterKinds.AppointmentCancelled"/>) whose visit was
/// cancelled because the check was made, the day the home's check was done; otherwise null.</param>
public sealed record TenantLetterPayload(
    string Letter,
    string HomeId,
    string? Reference = null,
    string? Service = null,
    LocalDate? Date = null,
    string? Slot = null,
    int? Year = null,
    IReadOnlyList<string>? Components = null,
    LocalDate? PreviousDate = null,
    LocalDate? ReplacesDate = null,
    string? ReplacesSlot = null,
    LocalDate? CheckedOn = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new IsoDateJsonConverter() },
    };

    /// <summary>The JSON stored in <c>outbox_messages.payload</c>, e.g. <c>{"letter":"appointment-first","homeId":"P001","date":"2027-03-04","slot":"AM",…}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a stored payload.</summary>
    /// <exception cref="JsonException">The text is not a tenant letter payload.</exception>
    public static TenantLetterPayload FromJson(string json) =>
        JsonSerializer.Deserialize<TenantLetterPayload>(json, Options) ?? throw new JsonException("The payload is null.");
}

/// <summary>The letters a tenant can be sent (<see cref="TenantLetterPayload.Letter"/>).</summary>
public static class TenantLetterKinds
{
    /// <summary>The first appointment letter (gas safety or other appointed work).</summary>
    public const string AppointmentFirst = "appointment-first";

    /// <summary>The second appointment, after no access: firmer.</summary>
    public const string AppointmentSecond = "appointment-second";

    /// <summary>The third and last appointment before the case is escalated: firmest.</summary>
    public const string AppointmentThird = "appointment-third";

    /// <summary>
    /// A first appointment that replaces one the tenant was already told of (its letter sent), now cancelled: the visit
    /// moved to another day (docs/gas-safety.md, When the tenant's visit moves). Sent instead of the first letter.
    /// </summary>
    public const string AppointmentChanged = "appointment-changed";

    /// <summary>
    /// An appointment the tenant was told of (its letter sent) cancelled while its day is still to come, with nothing
    /// booked instead that says so: do not wait in for it, and why (docs/gas-safety.md, When a visit the tenant was told of is cancelled).
    /// </summary>
    public const string AppointmentCancelled = "appointment-cancelled";

    /// <summary>The home enters next year's planned-improvement programme.</summary>
    public const string Improvement = "improvement";

    /// <summary>Every letter.</summary>
    public static IReadOnlyList<string> All { get; } = [AppointmentFirst, AppointmentSecond, AppointmentThird, AppointmentChanged, AppointmentCancelled, Improvement];
}
