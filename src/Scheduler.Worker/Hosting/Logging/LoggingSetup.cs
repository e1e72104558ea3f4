using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Worker.Hosting.Settings;
using Serilog;
using Serilog.Events;

namespace Scheduler.Worker.Hosting.Logging;

/// <summary>
/// The worker's Serilog pipeline: readable console lines always, and Seq (CLEF posted to <c>/api/events/raw</c>)
/// when <c>Seq:ServerUrl</c> is set, through a durable buffer in <c>Seq:BufferFolder</c> so events written during
/// a Seq outage are shipped when it returns, even across restarts. A <c>Serilog</c> section in the settings can
/// raise or lower levels (<c>Serilog:MinimumLevel:Override:Quartz = Warning</c>).
/// </summary>
internal static class LoggingSetup
{
    /// <summary>The console line: time, level, source, message, exception.</summary>
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>The durable buffer's base file name inside the buffer folder (the sink adds the date and <c>.clef</c>).</summary>
    public const string BufferBaseName = "seq-buffer";

    /// <summary>
    /// Makes the pipeline of <see cref="Configure"/> (plus <paramref name="more"/>, e.g. a test's capturing sink) the
    /// host's only logging provider. The host owns its logger and never touches Serilog's process-wide static
    /// <c>Log.Logger</c>: with the static logger, every <c>CreateLogger</c> call bound to whichever host had last set it,
    /// and disposing any host silenced the others (two hosts in one process, as in the tests, lost each other's lines).
    /// </summary>
    public static IServiceCollection AddEstateLogging(this IServiceCollection services, IConfiguration settings, SeqOptions seq, Action<LoggerConfiguration>? more = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(seq);
        return services.AddSerilog(
            (_, logger) =>
            {
                Configure(logger, settings, seq);
                more?.Invoke(logger);
            },
            preserveStaticLogger: true);
    }

    /// <summary>Configures <paramref name="logger"/>; <paramref name="seqPeriod"/> overrides how often the Seq sink ships (tests).</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration settings, SeqOptions seq, TimeSpan? seqPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(seq);
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "estate-scheduler")
            .ReadFrom.Configuration(settings)
            .Enrich.With<Feedback.SecretRedactor>() // last: no sink sees a feedback token or API key
            .WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(seq.ServerUrl))
        {
            // No empty serverUrl ever reaches the sink (TECH-NOTES §4: it would be accepted and fail every batch).
            logger.WriteTo.Seq(
                seq.ServerUrl,
                apiKey: string.IsNullOrEmpty(seq.ApiKey) ? null : seq.ApiKey,
                bufferBaseFilename: Path.Combine(Path.GetFullPath(seq.BufferFolder), BufferBaseName),
                period: seqPeriod,
                formatProvider: CultureInfo.InvariantCulture);
        }

        return logger;
    }
}
