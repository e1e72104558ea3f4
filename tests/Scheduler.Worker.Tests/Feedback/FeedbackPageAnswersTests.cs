using System.Net;
using System.Text.Encodings.Web;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// What the emailed link's page answers a post, over real HTTP against a real database. A refused post comes back
/// with every field as the contractor sent it (their text encoded, never logged), the reason at the top as before and
/// beside the field it is about (<c>aria-invalid</c>, <c>aria-describedby</c>), on the open form and on the defect-only
/// form; until branch link37 the open form came back empty and the note had to be typed again. The thank-you page of a
/// visit reported done says a defect found later can still be reported on the same link, with the link.
/// Every refusal reaches the page with the recorder's wording and status, and a link that does not work still gets
/// today's page (docs/feedback.md, "Links in emails and the feedback page").
/// </summary>
public sealed class FeedbackPageAnswersTests(FeedbackDatabase fixture) : IClassFixture<FeedbackDatabase>
{
    private const string Script = "Gutter <script>alert(\"x\")</script> & the tenant's \"loose\" downpipe";

    private static readonly byte[] Key = Convert.FromBase64String(FeedbackHost.SigningKey);

    private FakeClock Clock { get; } = new(FeedbackDatabase.Now);

    private static string PathFor(string reference, string contractor, Instant? expires = null) =>
        "/feedback/" + FeedbackToken.Create(Key, reference, contractor, expires ?? Instant.FromUtc(2027, 2, 1, 0, 0));

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);

    private static FormUrlEncodedContent Form(string outcome, string date, string? category = null, string? note = null) =>
        new(new Dictionary<string, string>
        {
            ["outcome"] = outcome, ["date"] = date, ["category"] = category ?? string.Empty, ["note"] = note ?? string.Empty,
        });

    // Everything a report writes: the order row, its audit trail, repairs raised from it, the outbox.
    private async Task<string> StateAsync(string reference) => string.Join(Environment.NewLine, await fixture.Database.DataSource.RowsAsync($"""
        SELECT 'order ' || w::text FROM work_orders w WHERE reference = '{reference}'
        UNION ALL SELECT 'events ' || count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE w.reference = '{reference}'
        UNION ALL SELECT 'repairs ' || count(*) FROM work_orders r JOIN work_orders w ON w.id = r.parent_id WHERE w.reference = '{reference}'
        UNION ALL SELECT 'outbox ' || count(*) FROM outbox_messages
        """));

    // The order's block moved to a new block in an area no contractor serves (no repairs, no gas repairs there).
    private Task<int> MoveToAnAreaWithoutRepairsAsync(string reference) => fixture.Database.DataSource.ExecuteAsync($"""
        INSERT INTO areas (id, name, active, updated_at) VALUES ('west', 'West: nobody serves it', true, '2026-10-05T00:00:00Z') ON CONFLICT DO NOTHING;
        INSERT INTO blocks (id, site_id, name, area_id, cleaning, attributes, active, updated_at)
        SELECT 'W-{reference}', b.site_id, 'Westgate House', 'west', b.cleaning, b.attributes, b.active, b.updated_at
        FROM blocks b JOIN work_orders w ON w.asset_id = b.id AND w.asset_kind = 'block' WHERE w.reference = '{reference}';
        UPDATE work_orders SET asset_id = 'W-{reference}' WHERE reference = '{reference}';
        """);

    // The reason beside the field it is about: the field marked invalid and described by it, nothing else marked.
    private static void AssertBeside(string html, string field, string message)
    {
        var id = field + "-error";
        Assert.Contains($"<strong id=\"{id}\" style=\"display:block;color:#8a1c1c\">{Html(message)}</strong>", html, StringComparison.Ordinal);
        if (field == "outcome")
        {
            Assert.Contains($"<fieldset style=\"margin:0 0 1em 0\" aria-describedby=\"{id}\"><legend>What happened?</legend><strong id=\"{id}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("aria-invalid", html, StringComparison.Ordinal);
        }
        else
        {
            var tag = field switch { "date" => "<input type=\"date\"", "category" => "<select name=\"category\"", _ => "<textarea name=\"note\"" };
            var start = html.IndexOf(tag, StringComparison.Ordinal);
            Assert.True(start >= 0, $"no {tag} on the page");
            Assert.Contains($" aria-invalid=\"true\" aria-describedby=\"{id}\">", html[start..html.IndexOf('>', start + 1)] + ">", StringComparison.Ordinal);
            Assert.Equal(1, html.Split("aria-invalid").Length - 1);
        }
    }

    [Fact]
    public async Task Page_TheOpenForm_ARefusedPostComesBackAsSent_EscapedWithTheReasonBesideTheCategory()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var path = PathFor(reference, contractor);
        var before = await StateAsync(reference);

        var response = await host.Client.PostAsync(path, Form("defect", "2026-11-28", null, Script));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        var reason = "A defect needs a category: one of repairs-emergency, repairs-routine, repairs-external, repairs-major, gas-heating-attend, gas-heating-combi-boiler, gas-heating-solid-fuel-oil-solar, gas-heating-non-urgent.";
        Assert.Contains($"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{Html(reason)}</strong></p>", html, StringComparison.Ordinal); // the summary, as before
        AssertBeside(html, "category", reason);
        Assert.Contains("value=\"defect\" checked", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"done\" checked", html, StringComparison.Ordinal);
        Assert.Contains("name=\"date\" required value=\"2026-11-28\"", html, StringComparison.Ordinal);
        Assert.Contains(">Gutter &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the tenant&#x27;s &quot;loose&quot; downpipe</textarea>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("downpipe", StringComparison.Ordinal));
        Assert.Equal(before, await StateAsync(reference));

        // Sent again with a category, as the page now holds it: recorded.
        var fixedUp = await host.Client.PostAsync(path, Form("defect", "2026-11-28", "repairs-routine", Script));
        Assert.Equal(HttpStatusCode.OK, fixedUp.StatusCode);
        Assert.Equal(Script, await fixture.Database.DataSource.ScalarAsync<string>(
            $"SELECT e.note FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE w.reference = '{reference}' AND e.outcome = 'defect'"));
    }

    /// <summary>The open form's refusals: what was sent, the status, the recorder's (or the page's) reason, and the field it is about.</summary>
    public static TheoryData<string, string, string, string, HttpStatusCode, string, string> OpenFormRefusals => new()
    {
        { "done", "2026-11-30", "", "Came a day early", HttpStatusCode.UnprocessableEntity, "The visit date 2026-11-30 is in the future (today is 2026-11-29).", "date" },
        { "done", "2020-01-01", "", "Old visit", HttpStatusCode.UnprocessableEntity, "The visit date 2020-01-01 is before work order REF's window, which starts on WINDOW.", "date" },
        { "defect", "2026-11-29", "gutters", "Gutter hanging", HttpStatusCode.UnprocessableEntity, "'gutters' is not a defect category; use one of repairs-emergency, repairs-routine, repairs-external, repairs-major, gas-heating-attend, gas-heating-combi-boiler, gas-heating-solid-fuel-oil-solar, gas-heating-non-urgent.", "category" },
        { "done", "2026-11-29", "repairs-routine", "Done, but the door sticks", HttpStatusCode.UnprocessableEntity, "A category is given only with the outcome defect.", "category" },
        { "no-access", "2026-11-29", "", new string('x', 2001), HttpStatusCode.UnprocessableEntity, "The note is longer than 2000 characters.", "note" },
        { "", "2026-11-29", "", "Card left", HttpStatusCode.BadRequest, "Please choose what happened.", "outcome" },
        { "no-access", "29/11/2026", "", "Card left", HttpStatusCode.BadRequest, "Please give the date of the visit.", "date" },
    };

    [Theory]
    [MemberData(nameof(OpenFormRefusals))]
    public async Task Page_TheOpenForm_EachRefusalReachesThePage_AsSentWithTheReasonBesideItsField(
        string outcome, string date, string category, string note, HttpStatusCode status, string reason, string field)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var windowStart = await fixture.Database.DataSource.ScalarAsync<string>($"SELECT window_start::text FROM work_orders WHERE reference = '{reference}'");
        reason = reason.Replace("REF", reference, StringComparison.Ordinal).Replace("WINDOW", windowStart, StringComparison.Ordinal);
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var before = await StateAsync(reference);

        var response = await host.Client.PostAsync(PathFor(reference, contractor), Form(outcome, date, category, note));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains($"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{Html(reason)}</strong></p>", html, StringComparison.Ordinal);
        AssertBeside(html, field, reason);
        Assert.Equal(outcome.Length == 0 ? 0 : 1, html.Split(" checked").Length - 1);
        if (outcome.Length > 0)
        {
            Assert.Contains($"value=\"{outcome}\" checked", html, StringComparison.Ordinal);
        }

        Assert.Contains($"name=\"date\" required value=\"{Html(date)}\"", html, StringComparison.Ordinal);
        Assert.Contains($">{Html(note)}</textarea>", html, StringComparison.Ordinal);
        if (category is "repairs-routine")
        {
            Assert.Contains($"<option value=\"{category}\" selected>", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(" selected", html, StringComparison.Ordinal);
        }

        Assert.Equal(before, await StateAsync(reference));
    }

    [Fact]
    public async Task Page_TheOpenForm_TheOrdersRefusals_ShowTheReasonAtTheTopOnly()
    {
        // Reported no access on another tab (or by a colleague), then Done sent from the form still open: already reported.
        var (reported, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (cancelled, cancelledContractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(PathFor(reported, contractor), Form("no-access", "2026-11-28"))).StatusCode);
        await fixture.Database.DataSource.ExecuteAsync($"UPDATE work_orders SET status = 'cancelled' WHERE reference = '{cancelled}'");
        var before = (await StateAsync(reported), await StateAsync(cancelled));

        var done = await host.Client.PostAsync(PathFor(reported, contractor), Form("done", "2026-11-29", null, "All done"));
        var onCancelled = await host.Client.PostAsync(PathFor(cancelled, cancelledContractor), Form("done", "2026-11-29", null, "All done"));

        Assert.Equal(HttpStatusCode.Conflict, done.StatusCode);
        var html = await done.Content.ReadAsStringAsync();
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains(Html($"Work order {reported} was already reported no access on 2026-11-28; a different report cannot replace it (ask the landlord to correct it)."), html, StringComparison.Ordinal);
        Assert.Contains("<p>This order was already reported (no-access on Saturday 28 November 2026). Thank you.</p>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, onCancelled.StatusCode);
        var cancelledHtml = await onCancelled.Content.ReadAsStringAsync();
        FeedbackHtml.AssertWellFormedAndLabelled(cancelledHtml);
        Assert.Contains($"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>Work order {cancelled} was cancelled, so it cannot be reported.</strong></p>", cancelledHtml, StringComparison.Ordinal);
        Assert.Contains("<p>This order was cancelled: there is nothing to report.</p>", cancelledHtml, StringComparison.Ordinal);
        foreach (var page in new[] { html, cancelledHtml })
        {
            Assert.DoesNotContain("-error", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await StateAsync(reported), await StateAsync(cancelled)));
    }

    /// <summary>
    /// No contractor serves the defect's trade where the order is: the page tells the contractor, in their words, what
    /// happened (the defect not recorded; on the open form nothing is, and the visit can be sent alone) and whom to
    /// tell, the landlord's phone and email from organisation.yaml; the API keeps the code and the message for staff
    /// tools (what to change in contractors.yaml). Until branch feedback38 the page showed the staff message.
    /// </summary>
    [Fact]
    public async Task Page_NoContractorForTheRepair_OnTheOpenFormAndTheDefectOnlyForm_IsRefusedInTheContractorsWords_TheApiKeepsStaffWording_NothingStored()
    {
        var (open, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (done, doneContractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (api, apiContractor, _) = await fixture.TakeOrderAsync("block-clean");
        await MoveToAnAreaWithoutRepairsAsync(open);
        await MoveToAnAreaWithoutRepairsAsync(done);
        await MoveToAnAreaWithoutRepairsAsync(api);
        var key = await new Scheduler.Persistence.Feedback.ApiKeyStore(fixture.Database.DataSource, Clock).CreateAsync(apiContractor);
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var donePath = PathFor(done, doneContractor);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(donePath, Form("done", "2026-11-29"))).StatusCode);
        Assert.Contains("<legend>Found something on this visit that needs a repair?</legend>", await (await host.Client.GetAsync(donePath)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var before = (await StateAsync(open), await StateAsync(done), await StateAsync(api));

        var onOpen = await host.Client.PostAsync(PathFor(open, contractor), Form("defect", "2026-11-28", "repairs-routine", "Handrail <loose>"));
        var onDone = await host.Client.PostAsync(donePath, Form("defect", "2026-11-29", "repairs-external", "Fence panel down"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback")
        {
            Content = new StringContent($$"""{"reference":"{{api}}","date":"2026-11-29","outcome":"defect","category":"repairs-routine","note":"Handrail"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        var onApi = await host.Client.SendAsync(request);

        const string Contact = "Please call us on 0808 157 0192 or email customer.services@examplehomes.example to report the defect.";
        var reasons = new[]
        {
            (onOpen, "repairs-routine", "Handrail &lt;loose&gt;",
                "Nothing was recorded, neither the defect nor the visit: we have no contractor for this kind of repair (repairs-routine) at this address, so no repair can be raised from this page. "
                + Contact + " To record the visit itself, choose \"The work is done\" and send again."),
            (onDone, "repairs-external", "Fence panel down",
                "The defect was not recorded: we have no contractor for this kind of repair (repairs-external) at this address, so no repair can be raised from this page. Your visit stays recorded as done. "
                + Contact),
        };
        foreach (var (response, category, note, reason) in reasons)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            FeedbackHtml.AssertWellFormedAndLabelled(html);
            Assert.Contains($"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{Html(reason)}</strong></p>", html, StringComparison.Ordinal);
            AssertBeside(html, "category", reason);
            Assert.DoesNotContain("contractors.yaml", html, StringComparison.Ordinal);
            Assert.DoesNotContain("area west", html, StringComparison.Ordinal);
            Assert.Contains($"<option value=\"{category}\" selected>", html, StringComparison.Ordinal);
            Assert.Contains($">{note}</textarea>", html, StringComparison.Ordinal);
        }

        var doneHtml = await onDone.Content.ReadAsStringAsync();
        Assert.Contains("This order was already reported done on Sunday 29 November 2026. Thank you.", doneHtml, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"date\" value=\"2026-11-29\">", doneHtml, StringComparison.Ordinal);
        Assert.Contains("name=\"date\" required value=\"2026-11-28\"", await onOpen.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The API: the same code and the staff message as before.
        Assert.Equal(HttpStatusCode.Conflict, onApi.StatusCode);
        using var problem = System.Text.Json.JsonDocument.Parse(await onApi.Content.ReadAsStringAsync());
        Assert.Equal("no-repair-contractor", problem.RootElement.GetProperty("refusal").GetString());
        Assert.Equal(
            $"No contractor serves repairs in area west, so the repair for the defect on {api} cannot be raised; add repairs and the area to a contractor in contractors.yaml, then report again.",
            problem.RootElement.GetProperty("detail").GetString());
        Assert.Contains(host.Logs.Lines, l => l.Contains("no-repair-contractor", StringComparison.Ordinal) && l.Contains(open, StringComparison.Ordinal));
        Assert.Equal(before, (await StateAsync(open), await StateAsync(done), await StateAsync(api)));
    }

    /// <summary>The defect-only form's refusals: the category and note sent, the status, the reason, the field (none for another day's date).</summary>
    public static TheoryData<string, string, string, HttpStatusCode, string, string> DefectFormRefusals => new()
    {
        { "2026-11-29", "", "Gutter <leaking>", HttpStatusCode.UnprocessableEntity, "A defect needs a category: one of repairs-emergency, repairs-routine, repairs-external, repairs-major, gas-heating-attend, gas-heating-combi-boiler, gas-heating-solid-fuel-oil-solar, gas-heating-non-urgent.", "category" },
        { "2026-11-29", "gutters", "Gutter <leaking>", HttpStatusCode.UnprocessableEntity, "'gutters' is not a defect category; use one of repairs-emergency, repairs-routine, repairs-external, repairs-major, gas-heating-attend, gas-heating-combi-boiler, gas-heating-solid-fuel-oil-solar, gas-heating-non-urgent.", "category" },
        { "2026-11-29", "repairs-external", new string('y', 2001), HttpStatusCode.UnprocessableEntity, "The note is longer than 2000 characters.", "note" },
        { "2026-11-28", "repairs-external", "Fence", HttpStatusCode.Conflict, "Work order REF was already reported done on 2026-11-29; a different report cannot replace it (ask the landlord to correct it).", "" },
    };

    [Theory]
    [MemberData(nameof(DefectFormRefusals))]
    public async Task Page_TheDefectOnlyForm_EachRefusalReachesThePage_AsSentWithTheReasonBesideItsField(
        string date, string category, string note, HttpStatusCode status, string reason, string field)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        reason = reason.Replace("REF", reference, StringComparison.Ordinal);
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var path = PathFor(reference, contractor);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(path, Form("done", "2026-11-29"))).StatusCode);
        var before = await StateAsync(reference);

        var response = await host.Client.PostAsync(path, Form("defect", date, category, note));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains($"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{Html(reason)}</strong></p>", html, StringComparison.Ordinal);
        if (field.Length > 0)
        {
            AssertBeside(html, field, reason);
        }
        else
        {
            Assert.DoesNotContain("-error", html, StringComparison.Ordinal);
            Assert.DoesNotContain("aria-invalid", html, StringComparison.Ordinal);
        }

        Assert.Contains("<input type=\"hidden\" name=\"date\" value=\"2026-11-29\">", html, StringComparison.Ordinal); // the visit's date, whatever was sent
        Assert.Contains($">{Html(note)}</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(category == "repairs-external" ? 1 : 0, html.Split(" selected").Length - 1);
        Assert.Equal(before, await StateAsync(reference));
    }

    [Fact]
    public async Task Page_ThankYouAfterDone_SaysADefectFoundLaterCanStillBeReportedOnThisLink_WithTheLink()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (noAccess, noAccessContractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var path = PathFor(reference, contractor);
        const string Sentence = ", for the visit of Sunday 29 November 2026: <a href=\"?outcome=defect\">report a defect found on this visit</a>.</p>";

        var done = await host.Client.PostAsync(path, Form("done", "2026-11-29"));
        var html = await done.Content.ReadAsStringAsync();
        var again = await (await host.Client.PostAsync(path, Form("done", "2026-11-29"))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains(
            $"<p>Recorded: work order {reference} done on 2026-11-29.</p><p>Found something on this visit that needs a repair, now or later? "
            + "You can still report it on this same link (it works until Sunday 31 January 2027)" + Sentence,
            html, StringComparison.Ordinal);
        Assert.Contains("Already recorded", again, StringComparison.Ordinal);
        Assert.Contains(Sentence, again, StringComparison.Ordinal);

        // The link is this page's own address with the Defect link's outcome: the defect-only form for that visit.
        var link = new Uri(new Uri(host.Client.BaseAddress!, path), "?outcome=defect");
        Assert.Equal(path + "?outcome=defect", link.PathAndQuery);
        var form = await (await host.Client.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("<input type=\"hidden\" name=\"date\" value=\"2026-11-29\">", form, StringComparison.Ordinal);

        // After the defect, another one may still follow; after no access there is nothing to add on the link.
        var defect = await (await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-external", "Fence"))).Content.ReadAsStringAsync();
        Assert.Contains("Raised WO-", defect, StringComparison.Ordinal);
        Assert.Contains("<p>Found something else on this visit that needs a repair, now or later?", defect, StringComparison.Ordinal);
        var noAccessHtml = await (await host.Client.PostAsync(PathFor(noAccess, noAccessContractor), Form("no-access", "2026-11-29"))).Content.ReadAsStringAsync();
        Assert.Contains($"<p>Recorded: work order {noAccess} no access on 2026-11-29.</p></body>", noAccessHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired", HttpStatusCode.Gone, "The link has expired.")]
    [InlineData("other-key", HttpStatusCode.Forbidden, "The link is not one we issued.")]
    public async Task Page_ALinkThatNoLongerWorks_StillGetsTodaysPage_NothingSentShownOrStored(string kind, HttpStatusCode status, string message)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var path = kind == "expired"
            ? PathFor(reference, contractor, FeedbackDatabase.Now)
            : "/feedback/" + FeedbackToken.Create(new byte[32], reference, contractor, Instant.FromUtc(2027, 2, 1, 0, 0)); // a key rotated away
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var before = await StateAsync(reference);

        var response = await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-routine", Script));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains("<title>This link does not work</title></head>", html, StringComparison.Ordinal);
        Assert.Contains($"<p>{message} Please reply to the work-order email instead.</p></body></html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Gutter", html, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, html, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(reference));
    }
}
