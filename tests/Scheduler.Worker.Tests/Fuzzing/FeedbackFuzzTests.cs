using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Feedback;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Tests.Feedback;
using Scheduler.Worker.Tests.Hosting;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Fuzzing;

/// <summary>
/// Damaged feedback requests over real HTTP to a real worker host (<see cref="TestWorker"/>) on a real database: 1,000
/// mutated JSON bodies to <c>POST /api/v1/feedback</c> with a valid key, and 500 mutated link tokens to
/// <c>GET</c>/<c>POST /feedback/{token}</c>. Every answer must be a 4xx with a reason (or a 2xx for a request that
/// is still valid), never a 5xx; a refused request must leave <c>work_orders</c> and <c>work_order_events</c> exactly
/// as they were (both fingerprinted before and after each request).
/// </summary>
public class FeedbackFuzzTests(ITestOutputHelper output)
{
    private const int BodyCases = 1_000;

    private const int TokenCases = 500;

    private const string Fingerprint = """
        SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(w::text, ',' ORDER BY w.id)), '') FROM work_orders w)
            || '/' || (SELECT count(*) || ':' || coalesce(md5(string_agg(e::text, ',' ORDER BY e.id)), '') FROM work_order_events e)
        """;

    [Fact]
    public async Task FeedbackEndpoints_MutatedRequests_FourHundredsWithReasonsAndNothingWrittenWhenRefused()
    {
        var seed = FuzzSeed.Value;
        await using var database = await SampleEstateDatabase.CreateAsync();
        var clock = new FakeClock(TestWorker.Now);
        var snapshot = ConfigSnapshot.Load(RepositoryRoot.ConfigFolder, Path.Combine(RepositoryRoot.ConfigFolder, "templates"));
        await new WorkOrderGeneration(database.DataSource, snapshot.Configuration!, snapshot.Calendar!, clock).ApplyAsync(new LocalDate(2026, 12, 1));
        var orders = (await database.DataSource.RowsAsync(
            "SELECT reference, contractor_id FROM work_orders WHERE status = 'planned' AND window_start <= '2027-01-04' AND contractor_id IS NOT NULL ORDER BY id LIMIT 3"))
            .Select(r => r.Split('|')).ToList();
        Assert.Equal(3, orders.Count);
        var key = await new ApiKeyStore(database.DataSource, clock).CreateAsync(orders[0][1]);

        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Feedback:SigningKey"] = FeedbackHost.SigningKey;
        settings["Feedback:BaseUrl"] = "https://feedback.example.org";
        settings["Feedback:PermitsPerMinute"] = "100000";
        settings["Feedback:PermitsPerMinutePerAddress"] = "100000";
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Serilog:MinimumLevel:Override:Scheduler.Worker.Feedback"] = "Error"; // 1,500 refusals would flood the test log
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        using var client = new HttpClient { BaseAddress = worker.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);

        string[] bodies =
        [
            $$"""{"reference":"{{orders[0][0]}}","date":"2027-01-04","outcome":"done"}""",
            $$"""{"reference":"{{orders[0][0]}}","date":"2027-01-03","outcome":"no-access","note":"Nobody in; card left"}""",
            $$"""{"reference":"{{orders[0][0]}}","date":"2027-01-04","outcome":"defect","category":"repairs-routine","note":"Cracked pane in the communal door"}""",
        ];
        var signing = Convert.FromBase64String(FeedbackHost.SigningKey);
        var tokens = orders.Select(o => FeedbackToken.Create(signing, o[0], o[1], Instant.FromUtc(2027, 2, 1, 0, 0))).ToList();
        var tally = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var findings = new List<string>();
        var mutator = new TextMutator(seed);
        var picker = new Random(seed);

        var before = await database.DataSource.ScalarAsync<string>(Fingerprint);
        for (var i = 0; i < BodyCases + TokenCases; i++)
        {
            HttpRequestMessage request;
            string what;
            if (i < BodyCases)
            {
                (var body, what) = mutator.Mutate(bodies[picker.Next(bodies.Length)]);
                request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            }
            else
            {
                (var token, what) = mutator.Mutate(tokens[picker.Next(tokens.Count)]);
                var path = "/feedback/" + Uri.EscapeDataString(token);
                request = picker.Next(2) == 0
                    ? new HttpRequestMessage(HttpMethod.Get, path)
                    : new HttpRequestMessage(HttpMethod.Post, path)
                    {
                        Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "done", ["date"] = "2027-01-04", ["category"] = string.Empty, ["note"] = string.Empty }),
                    };
            }

            using (request)
            {
                using var response = await client.SendAsync(request);
                var reason = await response.Content.ReadAsStringAsync();
                var after = await database.DataSource.ScalarAsync<string>(Fingerprint);
                var status = (int)response.StatusCode;
                var label = $"{request.Method} {(i < BodyCases ? "api" : "link")} {status}";
                tally[label] = tally.GetValueOrDefault(label) + 1;
                var where = $"seed {seed} case {i} ({request.Method} {request.RequestUri}: {what})";
                if (status >= 500)
                {
                    findings.Add($"{where}: {status} {reason}");
                }
                else if (status >= 400 && before != after)
                {
                    findings.Add($"{where}: {status}, and the tables changed: {reason}");
                }
                else if (string.IsNullOrWhiteSpace(reason) && ServerRefusal(request.RequestUri!, status))
                {
                    // Refused by Kestrel or routing before any feedback code runs (a NUL in the path; no token at all).
                    tally["refused before the app"] = tally.GetValueOrDefault("refused before the app") + 1;
                }
                else if (status >= 400 && string.IsNullOrWhiteSpace(reason))
                {
                    findings.Add($"{where}: {status} with no reason given");
                }
                else if (status is < 200 or >= 300 and < 400)
                {
                    findings.Add($"{where}: unexpected {status}");
                }

                before = after;
            }
        }

        output.WriteLine($"seed {seed}: {BodyCases} mutated API bodies and {TokenCases} mutated link tokens: {string.Join(", ", tally.Select(t => $"{t.Value} {t.Key}"))}; {findings.Count} findings");
        Assert.True(findings.Count == 0, string.Join('\n', findings.Take(10)));
        Assert.True(tally.Where(t => t.Key.EndsWith(" 400", StringComparison.Ordinal)).Sum(t => t.Value) > BodyCases / 2, "most damage must be refused as malformed");
    }

    private static bool ServerRefusal(Uri uri, int status)
    {
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString;
        return (status == 400 && path.Contains("%00", StringComparison.Ordinal)) || (status == 404 && path == "/feedback/");
    }
}
