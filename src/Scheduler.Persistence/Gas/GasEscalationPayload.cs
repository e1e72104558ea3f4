using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// The payload of a <see cref="Outbox.OutboxKinds.ManagerEscalation"/> message for gas safety (and the evidence kept in
/// <c>gas_escalations.evidence</c>): the home, its deadline, and every attempt with its dates, letter and outcome — the
/// landlord's record of the reasonable steps it took. The recipient is the manager <c>compliance</c>; the composer
/// reads the home's address from the register when it writes the email. No tenant details.
/// </summary>
/// <param name="Kind">Always <c>gas-no-access</c> for this payload.</param>
/// <param name="HomeId">The home.</param>
/// <param name="AreaId">The home's area.</param>
/// <param name="Reference">The work order the attempts were made under.</param>
/// <param name="Deadline">The home's current deadline (the check is due by then, inclusive); null when no gas check is known for the home.</param>
/// <param name="EscalatedOn">The day the case was escalated.</param>
/// <param name="Reason">A one-line summary.</param>
/// <param name="Attempts">Every attempt against the deadline, in order.</param>
public sealed record GasEscalationPayload(
    string Kind,
    string HomeId,
    string AreaId,
    string Reference,
    LocalDate? Deadline,
    LocalDate EscalatedOn,
    string Reason,
    IReadOnlyList<GasAttemptEvidence> Attempts)
{
    /// <summary>The <see cref="Kind"/> of a gas no-access escalation.</summary>
    public const string GasNoAccess = "gas-no-access";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new IsoDateConverter() },
    };

    /// <summary>The JSON stored in the outbox row and the escalation row.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a stored payload.</summary>
    /// <exception cref="JsonException">The text is not a gas escalation payload.</exception>
    public static GasEscalationPayload FromJson(string json) =>
        JsonSerializer.Deserialize<GasEscalationPayload>(json, Options) ?? throw new JsonException("The payload is null.");

    private sealed class IsoDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LocalDatePattern.Iso.Parse(reader.GetString() ?? string.Empty).GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }
}

/// <summary>One attempt in the evidence of an escalation.</summary>
/// <param name="Number">1, 2, 3, …</param>
/// <param name="Date">The appointment's day.</param>
/// <param name="Slot">AM or PM.</param>
/// <param name="Letter">The letter that announced it (<c>appointment-first</c>, …); null when none did.</param>
/// <param name="LetterOn">The day the letter was due to go (<c>gas_appointments.letter_on</c>), not the day it went.</param>
/// <param name="Outcome">What happened: <c>no-access</c>.</param>
/// <param name="ReportedOn">The day the outcome was reported.</param>
/// <param name="LetterState">What became of the letter when the home was escalated (<see cref="GasLetterStates"/>); null
/// for an attempt without a letter, and in evidence written before branch <c>evid28</c>.</param>
/// <param name="LetterStateOn">The day of <paramref name="LetterState"/>: emailed on (local date, the organisation's zone), put in the post batch
/// of, queued since; null for the other states.</param>
/// <param name="LetterNote">Why a letter did not go (superseded, dead); null otherwise.</param>
/// <param name="LetterReachesBy">For a posted letter, the day second-class post delivers it by: the batch's day plus the
/// schedule's <c>postDays</c> working days (branch <c>rebook29</c>); null otherwise, and in evidence written before.</param>
public sealed record GasAttemptEvidence(
    int Number,
    LocalDate Date,
    string Slot,
    string? Letter,
    LocalDate LetterOn,
    string Outcome,
    LocalDate? ReportedOn,
    string? LetterState = null,
    LocalDate? LetterStateOn = null,
    string? LetterNote = null,
    LocalDate? LetterReachesBy = null)
{
    /// <summary>
    /// True when the letter went by post too late to reach the tenant before the visit (it reaches them by the visit day
    /// or later): the tenant may not have known of this attempt, which weakens it as evidence of a reasonable step.
    /// </summary>
    [JsonIgnore]
    public bool LetterArrivedLate => LetterReachesBy is { } by && by >= Date;
}

/// <summary>
/// What became of an attempt's letter, read from its outbox row when the home is escalated: the evidence says what
/// actually happened, never the day the letter was due as the day it went.
/// </summary>
public static class GasLetterStates
{
    /// <summary>Sent by email; <see cref="GasAttemptEvidence.LetterStateOn"/> is the local date it was sent.</summary>
    public const string Emailed = "emailed";

    /// <summary>Printed into a letter batch file for the post; the date is the batch's day.</summary>
    public const string Posted = "posted";

    /// <summary>Not sent yet, waiting in the outbox (a mail outage); the date is the day it has been due since.</summary>
    public const string Queued = "queued";

    /// <summary>Being sent by a dispatcher when the home was escalated: whether it went was not known then.</summary>
    public const string Sending = "sending";

    /// <summary>Could not be sent: the outbox gave up on it (<see cref="GasAttemptEvidence.LetterNote"/> names the message).</summary>
    public const string Dead = "dead";

    /// <summary>Never sent: its visit was reported, changed or cancelled first (the note says which).</summary>
    public const string Superseded = "superseded";

    /// <summary>No letter was queued for the visit (a void home: no tenant to write to).</summary>
    public const string NotQueued = "not-queued";
}
