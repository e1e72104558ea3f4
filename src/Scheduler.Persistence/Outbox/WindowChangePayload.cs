using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The payload of a changed-window notice: a <see cref="OutboxKinds.ContractorOrder"/> row written when an order the
/// contractor was already sent has its window moved in place (a follow-up, the path sweep, whose cut was reported done
/// after the sweep's window, <c>FollowUpAfterVisitEffect</c>; a home's next gas order brought to the legal window when the
/// check before it moved the legal deadline later, <c>GasCompletionEffect</c>). The row's sequence is above every earlier message of
/// the order; its key is <see cref="OutboxKeys.WindowChange"/>. The dispatcher sends it only while the order is open and
/// still has the window end it announces (moved again first, the later move wrote its own).
/// </summary>
/// <param name="Change">What changed: <see cref="WindowChange"/> (the discriminator from a changed-appointment payload).</param>
/// <param name="WindowEnd">The order's new last day (inclusive).</param>
/// <param name="PreviousWindowEnd">Its last day before, as the contractor was sent it.</param>
/// <param name="PreviousTarget">Its target before.</param>
/// <param name="PreviousWindowStart">Its first day before, when that moved too (a gas order brought to the legal window); null
/// (absent from the JSON) when the start stayed, as a sweep's does.</param>
public sealed record WindowChangePayload(string Change, LocalDate WindowEnd, LocalDate PreviousWindowEnd, LocalDate PreviousTarget, LocalDate? PreviousWindowStart = null)
{
    /// <summary>The <c>change</c> of a changed-window payload.</summary>
    public const string WindowChange = "window";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new IsoDateJsonConverter() },
    };

    /// <summary>
    /// True when <paramref name="json"/> is a changed-window payload (its <c>change</c> is <c>window</c>), as opposed to a
    /// changed-appointment one (<see cref="AppointmentChangePayload"/>, which has no <c>change</c>).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static bool Is(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("change", out var change)
            && change.ValueKind == JsonValueKind.String
            && change.GetString() == WindowChange;
    }

    /// <summary>
    /// Reads a stored payload (<c>{"change":"window","windowEnd":"2027-04-21","previousWindowEnd":"2027-04-16","previousTarget":"2027-04-02"}</c>,
    /// with <c>"previousWindowStart":"2028-10-02"</c> when the start moved too).
    /// </summary>
    /// <exception cref="JsonException">The text is not a changed-window payload.</exception>
    public static WindowChangePayload FromJson(string json)
    {
        var payload = JsonSerializer.Deserialize<WindowChangePayload>(json, Options) ?? throw new JsonException("The payload is null.");
        return payload.Change == WindowChange && payload.WindowEnd != default && payload.PreviousWindowEnd != default && payload.PreviousTarget != default
            ? payload
            : throw new JsonException("Not a changed-window payload: it needs change 'window', windowEnd, previousWindowEnd and previousTarget.");
    }

    /// <summary>The JSON as the writer stores it (keys <c>change</c>, <c>windowEnd</c>, <c>previousWindowEnd</c>, <c>previousTarget</c>, and <c>previousWindowStart</c> when set).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
