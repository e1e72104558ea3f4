using Microsoft.Extensions.Options;

namespace Scheduler.Worker.Hosting.Settings;

/// <summary>Checks <see cref="SeqOptions"/> and reports every failure, each by name and value (never the API key).</summary>
internal sealed class SeqOptionsValidator : IValidateOptions<SeqOptions>
{
    public ValidateOptionsResult Validate(string? name, SeqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ServerUrl)
            && (!Uri.TryCreate(options.ServerUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add(SettingFailure.Of(SeqOptions.Section, nameof(options.ServerUrl), options.ServerUrl,
                "not a Seq server address: write http(s)://host:port, e.g. http://seq:5341, or leave it out for console logs only"));
        }

        if (string.IsNullOrWhiteSpace(options.BufferFolder))
        {
            failures.Add(SettingFailure.Of(SeqOptions.Section, nameof(options.BufferFolder), options.BufferFolder, "name a writable folder for the durable log buffer, e.g. logs"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
