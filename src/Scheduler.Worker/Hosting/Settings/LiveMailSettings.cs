using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting.Logging;

namespace Scheduler.Worker.Hosting.Settings;

/// <summary>
/// The worker's mail settings (<c>Smtp:*</c>, <c>Mail:*</c>) as they are now: read again from the worker's configuration
/// at each dispatch firing, so a mended <c>Smtp:Password</c> or a new <c>Smtp:Host</c> in <c>appsettings.json</c> (reloaded
/// when the file changes, <see cref="WorkerSettings.Read"/>) takes effect at the next firing, without a restart. Settings
/// that are not valid now (a half-edited file) are not used: the last valid ones stay, and the problems are logged once
/// (event 4026, never the password). A change is logged too (event 4027: how mail goes now, without the user or password).
/// Environment variables win over the files, as at start, and cannot change under a running process. Thread-safe.
/// </summary>
internal sealed class LiveMailSettings(IConfiguration configuration, MailSettings? initial, ILogger<LiveMailSettings> logger)
{
    private readonly Lock _gate = new();
    private MailSettings? _current = initial;
    private string? _rejected;

    /// <summary>The mail settings to send with now: the configuration's, or the last valid ones when it has problems; null for none.</summary>
    public MailSettings? Current()
    {
        var failures = new List<string>();
        var read = WorkerSettings.ReadMail(configuration, failures);
        lock (_gate)
        {
            if (failures.Count > 0)
            {
                var problems = string.Join("; ", failures);
                if (!string.Equals(problems, _rejected, StringComparison.Ordinal))
                {
                    _rejected = problems;
                    logger.MailSettingsRejected(failures.Count, problems);
                }

                return _current;
            }

            _rejected = null;
            if (!Equals(read, _current))
            {
                _current = read;
                logger.MailSettingsChanged(Via(read));
            }

            return _current;
        }
    }

    /// <summary>Where mail goes under <paramref name="mail"/>, for the log: a host and port, or a folder; no user, no password.</summary>
    private static string Via(MailSettings? mail) =>
        mail?.Smtp is { } smtp ? $"the SMTP server {smtp.Host}:{smtp.Port} ({smtp.Security}{(smtp.User is null ? string.Empty : ", with a login")})"
        : mail?.PickupDirectory is { } folder ? $"the pickup folder '{folder}'"
        : "nowhere (no mail settings): dispatch firings are skipped";
}
