using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The payload of a changed-address notice: a <see cref="OutboxKinds.ContractorOrder"/> row written by a register import
/// that changed where an open order the contractor was already sent is (a home's address or postcode, a block's name or
/// site, a site's name or postcode; <c>RegisterImporter</c>, branch addr35). It carries no address: the message reads the
/// asset's address from the register when it is composed, as every message does, so it always says the register's
/// latest. The row's sequence is above every earlier message of the order; its key is <see cref="OutboxKeys.AddressChange"/>.
/// The dispatcher sends it only while the order is open; a later import that changes the address again supersedes it
/// and writes its own, or none when the address is back to the one the contractor holds (<see cref="Held"/>).
/// </summary>
/// <param name="Change">What changed: <see cref="AddressChange"/> (the discriminator from the other changed-order payloads).</param>
/// <param name="ImportRun">The <c>import_runs</c> id of the import that changed the address.</param>
/// <param name="Held">
/// What the contractor holds (branch small37): a fingerprint (md5 hex of the address and postcode, no address) of where
/// the order was in the last message sent to its contractor before this notice, as the import worked it out; null when
/// unknown (written before small37, or after such a notice). A later import that puts that address back supersedes
/// this notice unsent, and writes none (<c>AddressChangeNotices</c>).
/// </param>
public sealed record AddressChangePayload(string Change, long ImportRun, string? Held = null)
{
    /// <summary>The <c>change</c> of a changed-address payload.</summary>
    public const string AddressChange = "address";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// True when <paramref name="json"/> is a changed-address payload (its <c>change</c> is <c>address</c>), as opposed to
    /// a changed-window (<see cref="WindowChangePayload"/>) or changed-appointment one (<see cref="AppointmentChangePayload"/>).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static bool Is(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("change", out var change)
            && change.ValueKind == JsonValueKind.String
            && change.GetString() == AddressChange;
    }

    /// <summary>Reads a stored payload (<c>{"change":"address","importRun":12,"held":"5d41…"}</c>; <c>held</c> optional).</summary>
    /// <exception cref="JsonException">The text is not a changed-address payload.</exception>
    public static AddressChangePayload FromJson(string json)
    {
        var payload = JsonSerializer.Deserialize<AddressChangePayload>(json, Options) ?? throw new JsonException("The payload is null.");
        return payload.Change == AddressChange && payload.ImportRun > 0
            ? payload
            : throw new JsonException("Not a changed-address payload: it needs change 'address' and importRun.");
    }

    /// <summary>The JSON as the importer stores it (keys <c>change</c>, <c>importRun</c>, and <c>held</c> when known).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
