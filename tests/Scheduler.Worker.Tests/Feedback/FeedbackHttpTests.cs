using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Feedback;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>The feedback page and API over real HTTP (Kestrel on loopback) against a real database.</summary>
public sealed class FeedbackHttpTests(FeedbackDatabase fixture) : IClassFixture<FeedbackDatabase>
{
    private static readonly byte[] Key = Convert.FromBase64String(FeedbackHost.SigningKey);

    private FakeClock Clock { get; } = new(FeedbackDatabase.Now);

    private Task<FeedbackHost> HostAsync(IDictionary<string, string?>? extra = null) =>
        FeedbackHost.StartAsync(fixture.Database.DataSource, Clock, extra);

    private static string TokenFor(string reference, string contractor, Instant? expires = null) =>
        FeedbackToken.Create(Key, reference, contractor, expires ?? Instant.FromUtc(2027, 2, 1, 0, 0));

    private static FormUrlEncodedContent Form(string outcome, string date, string? category = null, string? note = null) =>
        new(new Dictionary<string, string>
        {
            ["outcome"] = outcome, ["date"] = date, ["category"] = category ?? string.Empty, ["note"] = note ?? string.Empty,
        });

    private Task<List<string>> ReportsAsync(string reference) => fixture.Database.DataSource.RowsAsync(
        $"SELECT w.status, w.completed_on::text, e.source, e.outcome, e.contractor_id FROM work_orders w JOIN work_order_events e ON e.work_order_id = w.id AND e.outcome IS NOT NULL WHERE w.reference = '{reference}'");

    [Fact]
    public async Task Page_GetWithTheEmailedLink_ShowsTheOrderAndTheFormWithTheOutcomeChosen()
    {
        var (reference, contractor, windowEnd) = await fixture.TakeOrderAsync("block-clean", current: true);
        await using var host = await HostAsync();
        var links = host.Links.For(reference, contractor, windowEnd, Persistence.Tests.TestEstate.Zone)!;

        var response = await host.Client.GetAsync(FeedbackHost.PathOf(links.NoAccess));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.StartsWith("https://feedback.example.org/feedback/", links.Done, StringComparison.Ordinal);
        Assert.Equal(windowEnd.PlusDays(28), links.LastDay);
        Assert.Contains($"<title>Work order {reference}</title>", html, StringComparison.Ordinal);
        Assert.Contains("Communal block cleaning", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\">", html, StringComparison.Ordinal);
        Assert.Contains("value=\"no-access\" checked", html, StringComparison.Ordinal);
        Assert.Contains("max=\"2026-11-29\"", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Page_PostDone_RecordsOnceThenSaysAlreadyRecordedAndRefusesAnotherOutcome()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        await using var host = await HostAsync();
        var path = "/feedback/" + TokenFor(reference, contractor);

        var first = await host.Client.PostAsync(path, Form("done", "2026-11-28"));
        var replay = await host.Client.PostAsync(path, Form("done", "2026-11-28"));
        var other = await host.Client.PostAsync(path, Form("no-access", "2026-11-28"));
        var after = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains($"Recorded: work order {reference} done on 2026-11-28.", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("Already recorded", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("was already reported done on 2026-11-28", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("This order was already reported", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([$"completed|2026-11-28|link|done|{contractor}"], await ReportsAsync(reference));
    }

    [Fact]
    public async Task Page_AFollowUpWhoseVisitIsDone_OffersAndRecordsTheVisitsDay_BeforeItsWindow()
    {
        // A follow-up (the sweep) whose window opens tomorrow, after its visit (the cut) was reported done two days ago.
        var (visit, _, _) = await fixture.TakeOrderAsync();
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        await fixture.Database.DataSource.ExecuteAsync($"""
            UPDATE work_orders SET status = 'completed', completed_on = '2026-11-27', completed_at = '2026-11-27T12:00:00Z' WHERE reference = '{visit}';
            UPDATE work_orders SET parent_id = (SELECT id FROM work_orders WHERE reference = '{visit}'), window_start = '2026-11-30', window_end = '2026-12-31'
            WHERE reference = '{reference}'
            """);
        await using var host = await HostAsync();
        var path = "/feedback/" + TokenFor(reference, contractor);

        var page = await (await host.Client.GetAsync(path)).Content.ReadAsStringAsync();
        var tooEarly = await host.Client.PostAsync(path, Form("done", "2026-11-26"));
        var sameDay = await host.Client.PostAsync(path, Form("done", "2026-11-27"));

        Assert.Contains("min=\"2026-11-27\" max=\"2026-11-29\"", page, StringComparison.Ordinal); // the visit's day, not the window's
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooEarly.StatusCode);
        Assert.Contains("It follows a visit done on 2026-11-27, and may be reported from that day.", await tooEarly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sameDay.StatusCode);
        Assert.Equal([$"completed|2026-11-27|link|done|{contractor}"], await ReportsAsync(reference));
    }

    [Fact]
    public async Task Page_PostDefect_RaisesTheRepair()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("gas-safety");
        await using var host = await HostAsync();

        var response = await host.Client.PostAsync("/feedback/" + TokenFor(reference, contractor), Form("defect", "2026-11-29", "gas-heating-attend", "No hot water <b>at all</b>"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Raised WO-", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(
            ["gas-repair|warmsafe|gas-heating-attend|2026-11-29 10:00|2026-11-29 16:00"],
            await fixture.Database.DataSource.RowsAsync($"""
                SELECT r.service, r.contractor_id, r.sla_category, to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), to_char(r.sla_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
                FROM work_orders r JOIN work_orders p ON p.id = r.parent_id WHERE p.reference = '{reference}'
                """));
    }

    public static TheoryData<string, HttpStatusCode, string> BadLinks => new()
    {
        { "expired", HttpStatusCode.Gone, "The link has expired." },
        { "tampered", HttpStatusCode.Forbidden, "The link is not one we issued." },
        { "other-key", HttpStatusCode.Forbidden, "The link is not one we issued." },
        { "malformed", HttpStatusCode.BadRequest, "The link is incomplete or damaged." },
        { "wrong-contractor", HttpStatusCode.Forbidden, "is no longer one of greenscape&#x27;s orders." },
    };

    [Theory]
    [MemberData(nameof(BadLinks))]
    public async Task Page_BadLink_IsRefusedOnGetAndPostAndRecordsNothing(string kind, HttpStatusCode status, string message)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        var good = TokenFor(reference, contractor);
        var token = kind switch
        {
            "expired" => TokenFor(reference, contractor, FeedbackDatabase.Now),
            "tampered" => TokenFor(reference.Replace("WO-", "WO-", StringComparison.Ordinal) + "0", contractor).Split('.')[0] + "." + good.Split('.')[1],
            "other-key" => FeedbackToken.Create(new byte[32], reference, contractor, Instant.FromUtc(2027, 2, 1, 0, 0)),
            "malformed" => good[..^2],
            _ => TokenFor(reference, "greenscape"),
        };
        await using var host = await HostAsync();

        var get = await host.Client.GetAsync("/feedback/" + token);
        var post = await host.Client.PostAsync("/feedback/" + token, Form("done", "2026-11-29"));

        Assert.Equal(status, get.StatusCode);
        Assert.Equal(status, post.StatusCode);
        Assert.Contains(message, await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(message, await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ReportsAsync(reference));
    }

    [Fact]
    public async Task Api_KeyOfTheOrdersContractor_RecordsThenSaysAlreadyRecorded()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        var key = await new ApiKeyStore(fixture.Database.DataSource, Clock).CreateAsync(contractor);
        await using var host = await HostAsync();

        var first = await PostJsonAsync(host, key.Key, $$"""{"reference":"{{reference}}","date":"2026-11-27","outcome":"no-access"}""");
        var again = await PostJsonAsync(host, key.Key, $$"""{"reference":"{{reference}}","date":"2026-11-27","outcome":"no-access"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("recorded", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"already-recorded\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([$"no-access|2026-11-27|api|no-access|{contractor}"], await ReportsAsync(reference));
    }

    [Fact]
    public async Task Api_RevokedMissingOrAnotherContractorsKey_IsRefusedWithProblemDetails()
    {
        var (reference, _, _) = await fixture.TakeOrderAsync();
        var store = new ApiKeyStore(fixture.Database.DataSource, Clock);
        var revoked = await store.CreateAsync("sparkle");
        await store.RevokeAsync(revoked.KeyId);
        var other = await store.CreateAsync("greenscape");
        await using var host = await HostAsync();
        var json = $$"""{"reference":"{{reference}}","date":"2026-11-29","outcome":"done"}""";

        var withRevoked = await PostJsonAsync(host, revoked.Key, json);
        var withNone = await PostJsonAsync(host, null, json);
        var withForged = await PostJsonAsync(host, revoked.Key[..^4] + "AAAA", json);
        var withOther = await PostJsonAsync(host, other.Key, json);

        foreach (var response in new[] { withRevoked, withNone, withForged })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        Assert.Equal(HttpStatusCode.Forbidden, withOther.StatusCode);
        using var problem = JsonDocument.Parse(await withOther.Content.ReadAsStringAsync());
        Assert.Equal("wrong-contractor", problem.RootElement.GetProperty("refusal").GetString());
        Assert.Equal($"Work order {reference} is not one of greenscape's orders.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Empty(await ReportsAsync(reference));
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadBodies => new()
    {
        { "application/json", """{"reference":"REF","date":"2026-11-29","outcome":"done","extra":1}""", HttpStatusCode.BadRequest, "malformed" },
        { "application/json", """{"reference":"REF","date":"2026-11-29",""", HttpStatusCode.BadRequest, "malformed" },
        { "application/json", """{"reference":"REF","outcome":"done"}""", HttpStatusCode.BadRequest, "malformed" },
        { "application/json", """{"reference":"REF","date":"29/11/2026","outcome":"done"}""", HttpStatusCode.BadRequest, "malformed" },
        { "application/json", """{"reference":"REF","date":"2026-11-29","outcome":"finished"}""", HttpStatusCode.BadRequest, "malformed" },
        { "application/json", """{"reference":"REF","date":"2026-11-30","outcome":"done"}""", HttpStatusCode.UnprocessableEntity, "date-in-future" },
        { "application/json", """{"reference":"REF","date":"2020-01-01","outcome":"done"}""", HttpStatusCode.UnprocessableEntity, "before-window" },
        { "text/plain", """{"reference":"REF","date":"2026-11-29","outcome":"done"}""", HttpStatusCode.UnsupportedMediaType, "not-json" },
        { "application/json", "{\"reference\":\"REF\",\"date\":\"2026-11-29\",\"outcome\":\"done\",\"note\":\"" + new string('x', 40_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "too-large" }, // over Feedback:MaxBodyBytes (32 KiB)
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Api_BadRequest_IsRefusedWithTheReasonAndChangesNothing(string contentType, string body, HttpStatusCode status, string refusal)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        var key = await new ApiKeyStore(fixture.Database.DataSource, Clock).CreateAsync(contractor);
        await using var host = await HostAsync();

        var response = await PostJsonAsync(host, key.Key, body.Replace("REF", reference, StringComparison.Ordinal), contentType);

        Assert.Equal(status, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(refusal, problem.RootElement.GetProperty("refusal").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Empty(await ReportsAsync(reference));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(key.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RateLimit_OverThePerCredentialLimit_Answers429WithRetryAfter()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        await using var host = await HostAsync(new Dictionary<string, string?> { ["Feedback:PermitsPerMinute"] = "2" });
        var path = "/feedback/" + TokenFor(reference, contractor);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await host.Client.GetAsync(path);
            statuses.Add(last.StatusCode);
        }

        // Another link from the same address still works: the limit is per link (the per-address limit is higher).
        var otherLink = await host.Client.GetAsync("/feedback/" + TokenFor(reference + "X", contractor));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = last.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, otherLink.StatusCode);
    }

    [Fact]
    public async Task RateLimit_PerAddress_CoversEveryCredential()
    {
        await using var host = await HostAsync(new Dictionary<string, string?> { ["Feedback:PermitsPerMinutePerAddress"] = "2" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await host.Client.GetAsync("/feedback/" + TokenFor($"WO-2026-99999{i}", "sparkle"))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Logs_AtTheMostVerboseLevel_NeverCarryTheTokenOrTheKey()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        var key = await new ApiKeyStore(fixture.Database.DataSource, Clock).CreateAsync(contractor);
        var token = TokenFor(reference, contractor);
        await using var host = await HostAsync();

        await host.Client.GetAsync($"/feedback/{token}?outcome=done");
        await host.Client.PostAsync($"/feedback/{token}", Form("done", "2026-11-29", note: "secret note text"));
        await host.Client.GetAsync($"/feedback/{token[..^1]}");
        await PostJsonAsync(host, key.Key, $$"""{"reference":"{{reference}}","date":"2026-11-29","outcome":"done"}""");
        await PostJsonAsync(host, key.Key[..^1] + "A", "{}");

        var lines = host.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Request starting", StringComparison.Ordinal)); // ASP.NET Core's request lines were captured
        Assert.True(
            lines.Any(l => l.StartsWith($"Feedback \"recorded\" for \"{reference}\" from \"{contractor}\" via \"link\"", StringComparison.Ordinal)),
            "no 'recorded' line for the link's report; the feedback lines were:" + Environment.NewLine
            + string.Join(Environment.NewLine, lines.Where(l => l.StartsWith("Feedback", StringComparison.Ordinal))));
        Assert.Contains(lines, l => l.Contains("[token]", StringComparison.Ordinal));
        foreach (var secret in new[] { token, token.Split('.')[0], token.Split('.')[1], key.Key, key.Key[22..], "secret note text" })
        {
            var leaked = lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaked.Count == 0, string.Join(Environment.NewLine, leaked));
        }
    }

    [Fact]
    public async Task Logs_TwoHostsInOneProcess_EachHostKeepsItsOwnLines()
    {
        // Test classes run in parallel, each with its own host: a host's lines must reach its own sinks, whichever host
        // started or stopped last (the static Serilog logger once sent them to the newest host, or nowhere after a dispose).
        var (reference, contractor, _) = await fixture.TakeOrderAsync();
        var (second, secondContractor, _) = await fixture.TakeOrderAsync();
        await using var host = await HostAsync();
        var other = await HostAsync();

        var first = await host.Client.PostAsync("/feedback/" + TokenFor(reference, contractor), Form("done", "2026-11-28"));
        await other.DisposeAsync();
        var afterDispose = await host.Client.PostAsync("/feedback/" + TokenFor(second, secondContractor), Form("done", "2026-11-28"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterDispose.StatusCode);
        var lines = host.Logs.Lines;
        Assert.Contains(lines, l => l.StartsWith($"Feedback \"recorded\" for \"{reference}\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Feedback \"recorded\" for \"{second}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(other.Logs.Lines, l => l.Contains(reference, StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(FeedbackHost host, string? key, string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await host.Client.SendAsync(request);
    }
}
