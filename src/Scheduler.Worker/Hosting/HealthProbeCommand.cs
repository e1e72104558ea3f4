using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Hosting;

/// <summary>
/// <c>estate-scheduler health [--url URL]</c>: asks a running worker's health endpoint (default
/// <c>http://127.0.0.1:8080/health/live</c>) and exits 0 when it answers 200, 1 otherwise: the container
/// <c>HEALTHCHECK</c>, for images without curl.
/// </summary>
internal static class HealthProbeCommand
{
    /// <summary>The endpoint asked when no <c>--url</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080/health/live";

    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        var text = args.String("url", DefaultUrl)!;
        args.RejectUnknown();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url '{text}' is not an http address, e.g. {DefaultUrl}.");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            await context.Out.WriteLineAsync(body).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await context.Error.WriteLineAsync($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await context.Error.WriteLineAsync($"{url} did not answer: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
