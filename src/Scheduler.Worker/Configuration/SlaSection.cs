using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads <c>sla: { target-id: duration }</c>: the landlord's service-level targets (docs/sla.md). Every key is optional
/// and overrides one of <see cref="SlaCatalog.Defaults"/>; a key left out keeps its default. Each value is checked with
/// <see cref="SlaCatalog.CheckOverride"/>, so an unknown id, or a statutory (Awaab's Law) target lengthened or put in
/// another unit, is reported at its file, line and column with the domain's reason.
/// </summary>
internal static class SlaSection
{
    /// <summary>
    /// The catalog with every valid override applied, after reporting each bad key or value; the defaults when the
    /// section is empty. A refused key is reported and left out, so the rest still builds.
    /// </summary>
    public static SlaCatalog Read(YamlMap map)
    {
        var overrides = new Dictionary<string, FriendlyDuration>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (!SlaCatalog.Defaults.TryFind(entry.Key, out _))
            {
                entry.KeyNode.Error(
                    $"'{entry.Key}' is not an SLA target",
                    entry.Key,
                    string.Join(", ", SlaCatalog.Defaults.Targets.Select(t => t.Id)));
                continue;
            }

            var text = entry.Value.AsText($"sla.{entry.Key}");
            if (text is null)
            {
                continue;
            }

            if (!FriendlyDuration.TryParse(text, out var duration))
            {
                entry.Value.Error($"sla.{entry.Key} is not a duration", text, FriendlyDuration.AcceptedForms);
                continue;
            }

            if (SlaCatalog.Defaults.CheckOverride(entry.Key, duration) is { } refusal)
            {
                entry.Value.Error($"sla.{entry.Key} is refused: {refusal.TrimEnd('.')}", text);
                continue;
            }

            overrides[entry.Key] = duration;
        }

        return SlaCatalog.Defaults.WithOverrides(overrides);
    }
}
