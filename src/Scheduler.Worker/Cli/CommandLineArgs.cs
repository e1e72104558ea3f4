using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Scheduler.Worker.Cli;

/// <summary>
/// The parsed command line: a verb, then <c>--name value</c> options and bare <c>--flag</c>s. Every option a
/// verb reads is declared by reading it; <see cref="RejectUnknown"/> then names anything the user typed that
/// no one read, so a typo like <c>--form csv</c> is an error rather than silently ignored.
/// </summary>
internal sealed class CommandLineArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLineArgs(string verb, List<string> positionals)
    {
        Verb = verb;
        Positionals = positionals;
    }

    /// <summary>The verb (first word); <c>run</c> when none is given.</summary>
    public string Verb { get; }

    /// <summary>Words after the verb that are not options (e.g. a work-order reference).</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> for a malformed option.</summary>
    public static CommandLineArgs Parse(IReadOnlyList<string> args)
    {
        var verb = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var positionals = new List<string>();
        var parsed = new CommandLineArgs(verb, positionals);
        for (var i = verb == "run" && (args.Count == 0 || args[0] != "run") ? 0 : 1; i < args.Count; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(word);
                continue;
            }

            var name = word[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (name.Length == 0)
            {
                throw new UsageException($"'{word}' is not an option: options look like --name value.");
            }

            if (!parsed._options.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice.");
            }
        }

        return parsed;
    }

    /// <summary>True when <c>--name</c> was given (with or without a value).</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>The value of <c>--name</c>, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string name, string? fallback = null)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return fallback;
        }

        return value ?? throw new UsageException($"--{name} needs a value.");
    }

    /// <summary>The value of a required <c>--name</c>.</summary>
    public string Required(string name, string example) =>
        String(name) ?? throw new UsageException($"--{name} is required, e.g. --{name} {example}.");

    /// <summary>An ISO date option (yyyy-MM-dd), or null when absent.</summary>
    public LocalDate? Date(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(text);
        return result.Success
            ? result.Value
            : throw new UsageException($"--{name} '{text}' is not a date: use yyyy-MM-dd, e.g. 2027-01-01.");
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        var text = String(name, fallback)!;
        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new UsageException($"--{name} '{text}' is not one of: {string.Join(", ", allowed)}.");
    }

    /// <summary>A whole-number option, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"--{name} '{text}' is not a whole number.");
    }

    /// <summary>Throws <see cref="UsageException"/> naming any option that the verb did not read.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0)
        {
            var known = string.Join(", ", _read.Order(StringComparer.Ordinal).Select(k => "--" + k));
            throw new UsageException($"'{Verb}' does not take {string.Join(", ", unknown)}. It takes: {known}.");
        }
    }
}

/// <summary>A mistake on the command line: printed as a one-line message, exit code 2, no stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
