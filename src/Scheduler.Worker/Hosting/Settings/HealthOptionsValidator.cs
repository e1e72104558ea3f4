using Microsoft.Extensions.Options;

namespace Scheduler.Worker.Hosting.Settings;

/// <summary>Checks <see cref="HealthOptions"/> and reports every failure, each by name and value.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var urls = (options.Urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            failures.Add(SettingFailure.Of(HealthOptions.Section, nameof(options.Urls), options.Urls, "give at least one address, e.g. http://127.0.0.1:8080"));
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            {
                failures.Add(SettingFailure.Of(HealthOptions.Section, nameof(options.Urls), url, "not an address to listen on: write http://host:port, e.g. http://127.0.0.1:8080"));
            }
        }

        if (options.DatabaseTimeout <= TimeSpan.Zero)
        {
            failures.Add(SettingFailure.Of(HealthOptions.Section, nameof(options.DatabaseTimeout), options.DatabaseTimeout, "must be longer than zero, written hh:mm:ss, e.g. 00:00:05"));
        }

        if (options.OutboxBacklogAge <= TimeSpan.Zero)
        {
            failures.Add(SettingFailure.Of(HealthOptions.Section, nameof(options.OutboxBacklogAge), options.OutboxBacklogAge, "must be longer than zero, written hh:mm:ss, e.g. 01:00:00"));
        }

        if (options.MaxOutboxBacklog < 0)
        {
            failures.Add(SettingFailure.Of(HealthOptions.Section, nameof(options.MaxOutboxBacklog), options.MaxOutboxBacklog, "must be 0 or more, e.g. 20"));
        }

        if (options.MaxDeadLetters < 0)
        {
            failures.Add(SettingFailure.Of(HealthOptions.Section, nameof(options.MaxDeadLetters), options.MaxDeadLetters, "must be 0 or more, e.g. 0"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
