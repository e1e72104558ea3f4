using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// A real Kestrel host on a free loopback port serving only the feedback endpoints, with the worker's Serilog pipeline
/// at its most verbose (ASP.NET Core included) writing into <see cref="Logs"/>, so tests can see every line.
/// </summary>
internal sealed class FeedbackHost : IAsyncDisposable
{
    /// <summary>A 32-byte test key (base64).</summary>
    public const string SigningKey = "dGVzdC1rZXktdGhhdC1pcy10aGlydHktdHdvLWJ5dGVzIQ==";

    private readonly WebApplication _app;

    private FeedbackHost(WebApplication app, CapturingSink logs, HttpClient client)
    {
        _app = app;
        Logs = logs;
        Client = client;
    }

    public CapturingSink Logs { get; }

    public HttpClient Client { get; }

    public FeedbackLinks Links => _app.Services.GetRequiredService<FeedbackLinks>();

    public static async Task<FeedbackHost> StartAsync(NpgsqlDataSource dataSource, IClock clock, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Feedback:SigningKey"] = SigningKey,
            ["Feedback:BaseUrl"] = "https://feedback.example.org",
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var snapshot = ConfigSnapshot.Load(RepositoryRoot.ConfigFolder, Path.Combine(RepositoryRoot.ConfigFolder, "templates"));
        Assert.Empty(snapshot.Problems);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(new LiveConfiguration(snapshot));
        builder.Services.AddEstateFeedback(configuration);
        var logs = new CapturingSink();
        builder.Logging.ClearProviders();
        builder.Services.AddEstateLogging(configuration, new SeqOptions(), logger => logger.WriteTo.Sink(logs));
        var app = builder.Build();
        app.MapFeedback();
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new FeedbackHost(app, logs, client);
    }

    /// <summary>The path and query of a link (the host is the configured public address, not this test server).</summary>
    public static string PathOf(string link) => new Uri(link).PathAndQuery;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Every log event, rendered with all its properties.</summary>
    internal sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public void Emit(LogEvent logEvent)
        {
            ArgumentNullException.ThrowIfNull(logEvent);
            using var text = new StringWriter();
            text.Write(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (name, value) in logEvent.Properties)
            {
                text.Write($" {name}=");
                value.Render(text, null, System.Globalization.CultureInfo.InvariantCulture);
            }

            _lines.Enqueue(text.ToString());
        }
    }
}
