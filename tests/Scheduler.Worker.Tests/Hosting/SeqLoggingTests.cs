using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Settings;
using Serilog;
using Serilog.Extensions.Logging;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>The worker's Serilog pipeline shipping to an HTTP listener that stands in for Seq.</summary>
public sealed class SeqLoggingTests : IDisposable
{
    private readonly string _buffer = Path.Join(Path.GetTempPath(), "estate-seq-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Seq_GenerationApplied_ReachesTheIngestionEndpointAsClefWithItsIds()
    {
        using var seq = new FakeSeq();
        var options = new SeqOptions { ServerUrl = seq.Url, ApiKey = "test-key", BufferFolder = _buffer };
        var settings = new ConfigurationBuilder().Build();
        var logger = LoggingSetup.Configure(new LoggerConfiguration(), settings, options, seqPeriod: TimeSpan.FromMilliseconds(50)).CreateLogger();
        await using (logger)
        {
            using var factory = new SerilogLoggerFactory(logger);
            factory.CreateLogger("Scheduler.Worker.Hosting.Jobs.GenerateWorkOrdersJob")
                .GenerationApplied("estate.generate", "node1-fire-42", "2027-01-04", 72, 3, 10, "2fea80c2cf07", 326, "incremental", "incremental", 12, 1);

            var (request, body) = await seq.NextAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal("/api/events/raw", request.Path);
            Assert.StartsWith("application/vnd.serilog.clef", request.ContentType, StringComparison.Ordinal);
            Assert.Equal("test-key", request.ApiKey);
            var clef = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                .Single(e => e.TryGetProperty("JobKey", out _));
            Assert.Equal("estate.generate", clef.GetProperty("JobKey").GetString());
            Assert.Equal("node1-fire-42", clef.GetProperty("FireInstanceId").GetString());
            Assert.Equal("2027-01-04", clef.GetProperty("AsOf").GetString());
            Assert.Equal(72, clef.GetProperty("Created").GetInt32());
            Assert.Equal(3, clef.GetProperty("Cancelled").GetInt32());
            Assert.Equal(4002, clef.GetProperty("EventId").GetProperty("Id").GetInt32());
            Assert.Equal("estate-scheduler", clef.GetProperty("Application").GetString());
            Assert.StartsWith("Job {JobKey} ({FireInstanceId}) applied the plan", clef.GetProperty("@mt").GetString(), StringComparison.Ordinal);
        }

        // The durable buffer: the events went through a file in the configured folder.
        Assert.Contains(Directory.EnumerateFiles(_buffer), f => Path.GetFileName(f).StartsWith(LoggingSetup.BufferBaseName, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_buffer))
        {
            Directory.Delete(_buffer, recursive: true);
        }
    }

    /// <summary>An HTTP listener on a free loopback port that accepts what the Seq sink posts and answers 201.</summary>
    private sealed class FakeSeq : IDisposable
    {
        private readonly HttpListener _listener = new();

        public FakeSeq()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
        }

        public string Url { get; }

        public async Task<(Received Request, string Body)> NextAsync()
        {
            var context = await _listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var received = new Received(context.Request.Url!.AbsolutePath, context.Request.ContentType ?? string.Empty, context.Request.Headers["X-Seq-ApiKey"]);
            context.Response.StatusCode = 201;
            context.Response.Close();
            return (received, body);
        }

        public void Dispose() => _listener.Close();
    }

    private sealed record Received(string Path, string ContentType, string? ApiKey);
}
