using System.Globalization;
using System.Text.Json;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Orders;

namespace Scheduler.Worker.Commands;

/// <summary>Prints a <see cref="GenerationResult"/> for <c>plan</c> and <c>apply</c>, as text or as one JSON object.</summary>
internal static class GenerationReport
{
    /// <summary>Creations listed one a line in text before "… and N more".</summary>
    public const int TextCreateLines = 20;

    /// <summary>
    /// One JSON object: <c>asOf</c>, <c>horizonEnd</c>, <c>applied</c>, the counts <c>create</c>, <c>cancel</c> and
    /// <c>unchanged</c>, <c>references</c> (<c>create</c>: created references, empty for plan; <c>cancel</c>;
    /// <c>unchanged</c>), <c>creates</c> (each occurrence: key, schedule, service, asset, window, target, contractor)
    /// and <c>cancellations</c> (reference and reason).
    /// </summary>
    public static void WriteJson(GenerationResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("asOf", Iso(result.Plan.AsOf));
            json.WriteString("horizonEnd", Iso(result.Plan.HorizonEnd));
            json.WriteBoolean("applied", result.Applied);
            json.WriteNumber("create", result.CreateCount);
            json.WriteNumber("cancel", result.CancelCount);
            json.WriteNumber("unchanged", result.UnchangedCount);
            json.WriteStartObject("references");
            WriteStrings(json, "create", result.CreatedReferences);
            WriteStrings(json, "cancel", result.CancelledReferences);
            WriteStrings(json, "unchanged", result.UnchangedReferences);
            json.WriteEndObject();
            json.WriteStartArray("creates");
            foreach (var o in result.Plan.Create)
            {
                json.WriteStartObject();
                json.WriteString("key", o.Key);
                json.WriteString("schedule", o.ScheduleId);
                json.WriteString("service", o.Service);
                json.WriteString("asset", o.AssetId);
                json.WriteString("windowStart", Iso(o.Window.Start));
                json.WriteString("windowEnd", Iso(o.Window.End));
                json.WriteString("targetDate", Iso(o.TargetDate));
                json.WriteString("contractor", o.ContractorId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("cancellations");
            foreach (var c in result.Plan.Cancel)
            {
                json.WriteStartObject();
                json.WriteString("reference", c.Order.Reference);
                json.WriteString("reason", c.Reason.ToCode());
                json.WriteString("detail", c.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A summary line, every cancellation with its reason, and the first <see cref="TextCreateLines"/> creations.</summary>
    public static void WriteText(GenerationResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var plan = result.Plan;
        var verb = result.Applied ? "apply" : "plan";
        var (created, cancelled) = result.Applied ? ("created", "cancelled") : ("to create", "to cancel");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verb} as of {Iso(plan.AsOf)}, horizon to {Iso(plan.HorizonEnd)}: {result.CreateCount} {created}, {result.CancelCount} {cancelled}, {result.UnchangedCount} unchanged"));
        foreach (var c in plan.Cancel)
        {
            output.WriteLine($"  cancel {c.Order.Reference}  {c.Order.ScheduleId}  {c.Order.AssetId}  {Iso(c.Order.TargetDate)}  {c.RecordedReason}");
        }

        var references = result.CreatedReferences;
        for (var i = 0; i < Math.Min(plan.Create.Count, TextCreateLines); i++)
        {
            var o = plan.Create[i];
            var reference = i < references.Count ? references[i] + "  " : string.Empty;
            output.WriteLine($"  create {reference}{o.ScheduleId}  {o.Service}  {o.AssetId}  {o.Window}  target {Iso(o.TargetDate)}");
        }

        if (plan.Create.Count > TextCreateLines)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {plan.Create.Count - TextCreateLines} more to create (use --format json for all)"));
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
