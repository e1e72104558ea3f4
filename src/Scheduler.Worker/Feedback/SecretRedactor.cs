using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// A Serilog enricher that takes feedback-link tokens and API keys out of every log event, whatever logged them (ASP.NET
/// Core's request lines carry the path, and a link's path is its token): a string property holding a token becomes
/// <c>[token]</c>, a key keeps only its public id (<c>esk_0123456789abcdef_[secret]</c>). It runs last, so no sink sees
/// the secret.
/// </summary>
internal sealed partial class SecretRedactor : ILogEventEnricher
{
    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (Redact(value) is { } redacted)
            {
                (changed ??= []).Add(new LogEventProperty(name, redacted));
            }
        }

        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The text with every token and key secret replaced.</summary>
    public static string RedactText(string text) =>
        KeyPattern().Replace(TokenPattern().Replace(LinkPathPattern().Replace(text, "/feedback/[token]"), "[token]"), "esk_$1_[secret]");

    private static LogEventPropertyValue? Redact(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => Changed(s),
        ScalarValue { Value: not null and not ValueType } other => Changed(Convert.ToString(other.Value, System.Globalization.CultureInfo.InvariantCulture)), // PathString, Uri, QueryString, ...
        SequenceValue seq when seq.Elements.Any(e => Redact(e) is not null) =>
            new SequenceValue(seq.Elements.Select(e => Redact(e) ?? e)),
        StructureValue st when st.Properties.Any(p => Redact(p.Value) is not null) =>
            new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value) ?? p.Value)), st.TypeTag),
        DictionaryValue d when d.Elements.Any(e => Redact(e.Value) is not null) =>
            new DictionaryValue(d.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Redact(e.Value) ?? e.Value))),
        _ => null,
    };

    private static ScalarValue? Changed(string? text)
    {
        if (text is null || !(text.Contains('.', StringComparison.Ordinal) || text.Contains("esk_", StringComparison.Ordinal)
                                || text.Contains("/feedback/", StringComparison.Ordinal)))
        {
            return null;
        }

        var redacted = RedactText(text);
        return redacted == text ? null : new ScalarValue(redacted);
    }

    // Whatever follows the link path, well-formed or not: a damaged token is still most of a secret.
    [GeneratedRegex("/feedback/[^/?#\\s\"']+", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPathPattern();

    // A token anywhere else: base64url payload (the shortest real one is 16 characters), a dot, and the 43-character
    // base64url HMAC-SHA256 signature, standing alone. Looser shapes also matched Quartz's recovery trigger keys
    // (RECOVERING_JOBS.recover_<node>_<ticks>), which the two-node test and operators need to read.
    [GeneratedRegex("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("esk_([0-9a-f]{16})_[A-Za-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
