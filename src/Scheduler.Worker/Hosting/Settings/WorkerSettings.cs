using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using Scheduler.Persistence;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Hosting.Settings;

/// <summary>
/// Every setting of the worker, read from <c>config/appsettings.json</c> (optional),
/// <c>config/appsettings.{DOTNET_ENVIRONMENT}.json</c> (optional) and environment variables (<c>Section__Name</c>,
/// which win: put secrets there), and checked all at once: a value that does not convert, a key no one reads (a typo),
/// and every rule of each section's validator. A failed check lists every failure by name and value.
/// </summary>
/// <param name="Scheduler">The <c>Scheduler</c> section.</param>
/// <param name="Health">The <c>Health</c> section.</param>
/// <param name="Seq">The <c>Seq</c> section.</param>
/// <param name="ConnectionString">The estate database (<c>ConnectionStrings:Estate</c>), which also holds Quartz's tables.</param>
/// <param name="Mail">
/// How the dispatch job sends (<c>Smtp:*</c>, <c>Mail:PickupDirectory</c>; see docs/email.md); null when none of those
/// keys has a value, and then the worker sends nothing (the outbox waits, and readiness says so once it is old).
/// </param>
internal sealed record WorkerSettings(SchedulerOptions Scheduler, HealthOptions Health, SeqOptions Seq, string ConnectionString, MailSettings? Mail = null)
{
    /// <summary>The keys <see cref="MailSettings.Read"/> reads, by section.</summary>
    private static readonly Dictionary<string, string[]> MailKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Smtp"] = ["Host", "Port", "Security", "User", "Password", "From", "TimeoutSeconds", "MessagesPerConnection"],
        ["Mail"] = ["PickupDirectory", "LetterBatchDirectory"], // (before session 28 the worker refused LetterBatchDirectory, so its post letters could only go dead)
    };

    /// <summary>The settings file's name in the config folder.</summary>
    public const string FileName = "appsettings.json";

    /// <summary>
    /// The configuration sources in order: the JSON files in <paramref name="configDirectory"/>, then the environment.
    /// The files are reloaded when they change: the mail settings are read again at each dispatch firing
    /// (<see cref="LiveMailSettings"/>); every other setting is bound once, at start.
    /// </summary>
    public static IConfigurationRoot Read(string configDirectory, string? environmentName)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(configDirectory, FileName), optional: true, reloadOnChange: true);
        if (!string.IsNullOrWhiteSpace(environmentName))
        {
            builder.AddJsonFile(Path.Combine(configDirectory, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: true);
        }

        return builder.AddEnvironmentVariables().Build();
    }

    /// <summary>Binds and checks every section; returns the settings, or null and every failure.</summary>
    public static (WorkerSettings? Settings, IReadOnlyList<string> Failures) Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        var scheduler = Section(configuration, SchedulerOptions.Section, new SchedulerOptionsValidator(), failures);
        var health = Section(configuration, HealthOptions.Section, new HealthOptionsValidator(), failures);
        // A mistyped Seq key may be the API key under another name: its value is not shown.
        var seq = Section(configuration, SeqOptions.Section, new SeqOptionsValidator(), failures, showUnknownValues: false);
        var connectionString = configuration[EstateDatabase.ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add(SettingFailure.OfSecret(EstateDatabase.ConnectionStringKey, connectionString,
                $"set the estate database, e.g. {EstateDatabase.ConnectionStringVariable}='Host=localhost;Database=estate;Username=estate;Password=...'"));
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                failures.Add(SettingFailure.OfSecret(EstateDatabase.ConnectionStringKey, connectionString, $"not a PostgreSQL connection string ({e.Message})"));
            }
        }

        var mail = ReadMail(configuration, failures);
        CheckFeedback(configuration, failures);
        CheckLogLevels(configuration, failures);
        return failures.Count == 0 ? (new WorkerSettings(scheduler, health, seq, connectionString!, mail), []) : (null, failures);
    }

    /// <summary>
    /// A <c>Feedback:SigningKey</c> that is set must be usable (base64 of at least 32 bytes), and
    /// <c>Feedback:MaxBodyBytes</c> at least the page's own limit; listed with the other failures so <c>run</c> exits 1
    /// with every problem, and the key itself is never printed.
    /// </summary>
    private static void CheckFeedback(IConfiguration configuration, List<string> failures)
    {
        var (options, _) = ReadFeedback(configuration, failures);
        if (options.MaxBodyBytes < Feedback.FeedbackFormSize.MaxBytes)
        {
            failures.Add(SettingFailure.Of(Feedback.FeedbackOptions.Section, nameof(options.MaxBodyBytes), options.MaxBodyBytes,
                $"must be at least {Feedback.FeedbackFormSize.MaxBytes} bytes (the feedback page's own limit), so the API takes every note the page does: "
                + $"{Persistence.Completions.CompletionRecorder.MaxNoteLength} characters written as JSON escapes are {Persistence.Completions.CompletionRecorder.MaxNoteLength * Feedback.FeedbackFormSize.BytesPerNoteCharacter} bytes (default 32768)"));
        }
    }

    /// <summary>
    /// The levels of the optional <c>Serilog</c> section (<c>Serilog:MinimumLevel</c>, its <c>Default</c> and each
    /// <c>Override:*</c>) must be Serilog's level names (a <c>$switch</c> reference is left to Serilog): one that is not
    /// stopped the host when it built its logger, after the database check, with Serilog's exception and a stack trace
    /// (before branch ops39); now it is listed with the others, its value shown (a level is no secret).
    /// </summary>
    private static void CheckLogLevels(IConfiguration configuration, List<string> failures)
    {
        var minimum = configuration.GetSection("Serilog:MinimumLevel");
        IEnumerable<(string Key, string? Value)> levels = minimum.Value is { } single
            ? [("MinimumLevel", single)]
            : minimum.GetChildren().Where(c => string.Equals(c.Key, "Default", StringComparison.OrdinalIgnoreCase)).Select(c => ($"MinimumLevel:{c.Key}", c.Value))
                .Concat(minimum.GetSection("Override").GetChildren().Select(c => ($"MinimumLevel:Override:{c.Key}", c.Value)));
        foreach (var (key, value) in levels)
        {
            if (value is not null && !value.StartsWith('$')
                && !(Enum.TryParse<Serilog.Events.LogEventLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)))
            {
                failures.Add(SettingFailure.Of("Serilog", key, value, $"not a log level: use one of {string.Join(", ", Enum.GetNames<Serilog.Events.LogEventLevel>())}"));
            }
        }
    }

    /// <summary>
    /// The <c>Feedback</c> section (<see cref="Feedback.FeedbackOptions"/>) and the links it gives, read as the other
    /// sections are (<see cref="BindSection{T}"/>: a value that does not convert, such as <c>Feedback:MaxBodyBytes=abc</c>,
    /// is one failure naming the key and what is wanted, never a binder exception) by <c>run</c> and <c>dispatch</c>
    /// alike. A key nobody reads and an unusable <c>Feedback:SigningKey</c> are listed without their value (a mistyped
    /// key may hold the signing key); the numbers that do not convert are shown, as in the other sections (no secret is a
    /// number). The links are null when any failure was added.
    /// </summary>
    internal static (Feedback.FeedbackOptions Options, Feedback.FeedbackLinks? Links) ReadFeedback(IConfiguration configuration, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(failures);
        var count = failures.Count;
        var options = BindSection<Feedback.FeedbackOptions>(configuration, Feedback.FeedbackOptions.Section, failures, showUnknownValues: false);
        try
        {
            var links = new Feedback.FeedbackLinks(options);
            return (options, failures.Count == count ? links : null);
        }
        catch (InvalidOperationException e)
        {
            failures.Add(SettingFailure.OfSecret($"{Feedback.FeedbackOptions.Section}:SigningKey", options.SigningKey, e.Message));
            return (options, null);
        }
    }

    /// <summary>
    /// The mail settings when any <c>Smtp:*</c> or <c>Mail:*</c> key has a value (then they must be complete and
    /// right); null when none has. A key nobody reads is a failure; the password is never shown.
    /// </summary>
    internal static MailSettings? ReadMail(IConfiguration configuration, List<string> failures)
    {
        var anySet = false;
        foreach (var (section, keys) in MailKeys)
        {
            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                if (!keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    // Its value is not shown: a mistyped key may hold the password.
                    failures.Add(SettingFailure.OfSecret($"{section}:{child.Key}", child.Value, $"not a setting; the {section} settings are {string.Join(", ", keys)}"));
                }
                else if (!string.IsNullOrWhiteSpace(child.Value))
                {
                    anySet = true;
                }
            }
        }

        if (!anySet)
        {
            return null;
        }

        var (mail, problems) = MailSettings.Read(key => configuration[key]);
        failures.AddRange(problems);
        return mail;
    }

    private static T Section<T>(IConfiguration configuration, string name, IValidateOptions<T> validator, List<string> failures, bool showUnknownValues = true)
        where T : class, new()
    {
        var options = BindSection<T>(configuration, name, failures, showUnknownValues);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }

        return options;
    }

    /// <summary>
    /// The section <paramref name="name"/> bound by hand (every setting is a scalar) so that one value that does not convert
    /// is reported without hiding the others: each child is converted on its own, a key no <typeparamref name="T"/> property
    /// reads is a failure (its value shown only when <paramref name="showUnknownValues"/>), and the caller's rules see
    /// whatever did convert (the defaults elsewhere).
    /// </summary>
    private static T BindSection<T>(IConfiguration configuration, string name, List<string> failures, bool showUnknownValues)
        where T : class, new()
    {
        var options = new T();
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        foreach (var child in configuration.GetSection(name).GetChildren())
        {
            var property = properties.Find(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var why = $"not a setting; the {name} settings are {string.Join(", ", properties.Select(p => p.Name))}";
                failures.Add(showUnknownValues ? SettingFailure.Of(name, child.Key, child.Value, why) : SettingFailure.OfSecret($"{name}:{child.Key}", child.Value, why));
            }
            else if (child.Value is not { } text)
            {
                if (child.GetChildren().Any())
                {
                    failures.Add(SettingFailure.Of(name, property.Name, null, "needs a single value, not a section"));
                }
            }
            else if (Convert(property.PropertyType, text) is { } value)
            {
                property.SetValue(options, value);
            }
            else
            {
                failures.Add(SettingFailure.Of(name, property.Name, text, Expected(property.PropertyType)));
            }
        }

        return options;
    }

    private static object? Convert(Type type, string text)
    {
        if (type == typeof(string) || Nullable.GetUnderlyingType(type) == typeof(string))
        {
            return text;
        }

        try
        {
            var value = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return value is not null && (!type.IsEnum || Enum.IsDefined(type, value)) ? value : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException || e.InnerException is FormatException)
        {
            return null;
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "not a duration: write hh:mm:ss (or d.hh:mm:ss), e.g. 00:05:00",
        _ when type == typeof(bool) => "write true or false",
        _ when type.IsEnum => $"use one of {string.Join(", ", Enum.GetNames(type).Where(n => n != "Invalid"))}",
        _ when type == typeof(int) => "not a whole number (Int32, up to 2147483647)",
        _ => $"not a {type.Name}",
    };
}
