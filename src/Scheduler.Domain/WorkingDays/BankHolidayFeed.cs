using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Scheduler.Domain.WorkingDays;

/// <summary>
/// Reads the GOV.UK bank-holiday feed (<c>https://www.gov.uk/bank-holidays.json</c>) from its text. No I/O:
/// the caller fetches or reads the text (the embedded snapshot, or <c>config/bank-holidays.json</c>) and
/// passes it here.
/// </summary>
/// <remarks>
/// The shape: top-level keys <c>england-and-wales</c>, <c>scotland</c> and <c>northern-ireland</c> (all three
/// required; other keys are ignored), each <c>{ "division": key, "events": [ { "title", "date", "notes",
/// "bunting" } ] }</c>. <c>date</c> is <c>yyyy-MM-dd</c>; <c>notes</c> is <c>""</c> or <c>"Substitute day"</c>
/// (optional); <c>bunting</c> is not used. Dates are matched, never titles.
/// </remarks>
public static class BankHolidayFeed
{
    /// <summary>The feed's note on a weekday standing in for a holiday that fell on a weekend.</summary>
    public const string SubstituteDayNote = "Substitute day";

    /// <summary>
    /// Parses the feed. Every published event becomes a <see cref="BankHoliday"/> with
    /// <see cref="BankHoliday.IsComputed"/> false.
    /// </summary>
    /// <param name="json">The feed's text.</param>
    /// <param name="sourceName">Where the text came from (a file path or URL), used in error messages.</param>
    /// <exception cref="FormatException">The text is not JSON, or not the feed's shape: a division is missing,
    /// has no events, or an event has no title or a date that is not <c>yyyy-MM-dd</c>, or repeats a date.
    /// The message names <paramref name="sourceName"/>, the JSON path (e.g. <c>$.scotland.events[3].date</c>)
    /// and what is wrong.</exception>
    public static BankHolidayCatalog Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        Check.NotEmpty(sourceName, nameof(sourceName));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // Only the reader's first sentence: its message repeats line and position in its own 0-based form.
            var reason = e.Message.Split(" LineNumber:", 2)[0].Trim();
            throw new FormatException(
                $"{sourceName}: not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {reason}");
        }

        using (document)
        {
            var reader = new Reader(sourceName);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error("$", $"expected an object with the keys {KeyList}, found {Describe(root)}.");
            }

            return new BankHolidayCatalog(
                sourceName,
                reader.Division(root, BankHolidayRegion.EnglandAndWales),
                reader.Division(root, BankHolidayRegion.Scotland),
                reader.Division(root, BankHolidayRegion.NorthernIreland));
        }
    }

    private static string KeyList => "\"england-and-wales\", \"scotland\" and \"northern-ireland\"";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Walks one document, turning every problem into a <see cref="FormatException"/> naming source and path.</summary>
    private sealed class Reader(string sourceName)
    {
        public FormatException Error(string path, string why) => new($"{sourceName}: {path}: {why}");

        public BankHoliday[] Division(JsonElement root, BankHolidayRegion region)
        {
            var key = BankHolidayCatalog.FeedKey(region);
            var path = $"$.{key}";
            if (!root.TryGetProperty(key, out var division))
            {
                throw Error(path, $"missing: the feed must have the divisions {KeyList}.");
            }

            if (division.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, $"expected an object with \"division\" and \"events\", found {Describe(division)}.");
            }

            var name = RequiredString(division, "division", path);
            if (name != key)
            {
                throw Error($"{path}.division", $"is \"{name}\" but sits under \"{key}\"; expected \"{key}\".");
            }

            if (!division.TryGetProperty("events", out var events))
            {
                throw Error($"{path}.events", "missing: expected an array of events.");
            }

            if (events.ValueKind != JsonValueKind.Array)
            {
                throw Error($"{path}.events", $"expected an array of events, found {Describe(events)}.");
            }

            if (events.GetArrayLength() == 0)
            {
                throw Error($"{path}.events", "is empty: a division must publish at least one bank holiday.");
            }

            var holidays = new List<BankHoliday>(events.GetArrayLength());
            var seen = new Dictionary<LocalDate, int>();
            var index = 0;
            foreach (var item in events.EnumerateArray())
            {
                var holiday = Event(item, $"{path}.events[{index}]");
                if (!seen.TryAdd(holiday.Date, index))
                {
                    throw Error(
                        $"{path}.events[{index}].date",
                        $"{holiday.Date:uuuu-MM-dd} is listed twice (also at events[{seen[holiday.Date]}]).");
                }

                holidays.Add(holiday);
                index++;
            }

            return [.. holidays.OrderBy(h => h.Date)];
        }

        private BankHoliday Event(JsonElement item, string path)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, $"expected an event object with \"title\" and \"date\", found {Describe(item)}.");
            }

            var title = RequiredString(item, "title", path);
            var text = RequiredString(item, "date", path);
            var date = LocalDatePattern.Iso.Parse(text);
            if (!date.Success)
            {
                throw Error($"{path}.date", $"\"{text}\" is not a date in the form yyyy-MM-dd.");
            }

            var substitute = false;
            if (item.TryGetProperty("notes", out var notes))
            {
                if (notes.ValueKind != JsonValueKind.String)
                {
                    throw Error($"{path}.notes", $"expected a string (\"\" or \"{SubstituteDayNote}\"), found {Describe(notes)}.");
                }

                substitute = string.Equals(notes.GetString()?.Trim(), SubstituteDayNote, StringComparison.OrdinalIgnoreCase);
            }

            return new BankHoliday(date.Value, title, substitute, IsComputed: false);
        }

        private string RequiredString(JsonElement owner, string property, string path)
        {
            if (!owner.TryGetProperty(property, out var value))
            {
                throw Error($"{path}.{property}", "missing.");
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Error($"{path}.{property}", $"expected a non-empty string, found {Describe(value)}.");
            }

            return value.GetString()!;
        }
    }
}
