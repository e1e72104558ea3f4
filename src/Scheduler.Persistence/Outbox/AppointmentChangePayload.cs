using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The payload of a changed-appointment notice: a <see cref="OutboxKinds.ContractorOrder"/> row written when an order's
/// visit is booked (or rebooked after no access) after its notice or programme went (<c>GasBookingWriter</c>). The row's
/// sequence is above every earlier message of the order; its key is <see cref="OutboxKeys.AppointmentChange"/>. The
/// dispatcher sends it only while <paramref name="Appointment"/> is still the order's booked appointment (a change
/// booked again, reported or cancelled before it went is superseded: a later change, if any, says the newer one).
/// </summary>
/// <param name="Appointment">The <c>gas_appointments</c> id of the new appointment.</param>
/// <param name="PreviousDate">The day of the order's appointment before it (the one the contractor was told of and this
/// one replaces: the visit missed for no access); null when the order had none (the notice gave its window only).</param>
/// <param name="PreviousSlot">That appointment's slot as config names it; null with the date.</param>
public sealed record AppointmentChangePayload(long Appointment, LocalDate? PreviousDate = null, string? PreviousSlot = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new IsoDateJsonConverter() },
    };

    /// <summary>Reads a stored payload (<c>{"appointment":123,"previousDate":"2027-01-08","previousSlot":"AM"}</c>).</summary>
    /// <exception cref="JsonException">The text is not a changed-appointment payload.</exception>
    public static AppointmentChangePayload FromJson(string json) =>
        JsonSerializer.Deserialize<AppointmentChangePayload>(json, Options) ?? throw new JsonException("The payload is null.");

    /// <summary>The JSON as the booking stores it (keys <c>appointment</c>, <c>previousDate</c>, <c>previousSlot</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
