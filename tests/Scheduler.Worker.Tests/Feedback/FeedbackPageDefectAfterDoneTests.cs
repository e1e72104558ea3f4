using System.Net;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// The emailed link's page of an order already reported done (or with a defect), over real HTTP against a real
/// database: it says what was reported and offers a defect-only form for that visit's date, which records the defect
/// through the recorder as the API does (the repair raised, linked to this report with its note, its notice in the
/// outbox; the same defect again already recorded). Until branch link36 the page showed only "This order was already
/// reported … Thank you", so a contractor who pressed Done and then found the fence down could not report it from the
/// link (docs/feedback.md, "Links in emails and the feedback page"). No-access, cancelled and hand-set orders keep the
/// page they had.
/// </summary>
public sealed class FeedbackPageDefectAfterDoneTests(FeedbackDatabase fixture) : IClassFixture<FeedbackDatabase>
{
    private const string Fence = "Fence panel down by the back gate, posts <rotten> at the base";

    private static readonly byte[] Key = Convert.FromBase64String(FeedbackHost.SigningKey);

    private FakeClock Clock { get; } = new(FeedbackDatabase.Now);

    private static string PathFor(string reference, string contractor) =>
        "/feedback/" + FeedbackToken.Create(Key, reference, contractor, Instant.FromUtc(2027, 2, 1, 0, 0));

    private static FormUrlEncodedContent Form(string outcome, string date, string? category = null, string? note = null) =>
        new(new Dictionary<string, string>
        {
            ["outcome"] = outcome, ["date"] = date, ["category"] = category ?? string.Empty, ["note"] = note ?? string.Empty,
        });

    private Task<List<string>> RepairsAsync(string reference) => fixture.Database.DataSource.RowsAsync($"""
        SELECT r.reference, r.service, r.contractor_id, r.occurrence_key, r.sla_category, e.outcome, e.source, e.contractor_id, e.note, e.reason,
               (SELECT count(*) FROM outbox_messages m WHERE m.idempotency_key = 'order/' || r.reference || '/0')
        FROM work_orders r JOIN work_order_events e ON e.id = r.raised_by_event_id
        WHERE r.parent_id = (SELECT id FROM work_orders WHERE reference = '{reference}') ORDER BY r.id
        """);

    [Fact]
    public async Task Page_AnOrderReportedDone_ShowsTheDefectForm_WhosePostRaisesTheRepairOnce()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var path = PathFor(reference, contractor);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(path, Form("done", "2026-11-29"))).StatusCode);
        var visit = await fixture.Database.DataSource.RowsAsync($"SELECT w::text FROM work_orders w WHERE reference = '{reference}'");

        // The Done link again: what was reported, and a form for a defect of that visit (its date fixed, no date field).
        var page = await host.Client.GetAsync(path + "?outcome=done");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains("This order was already reported done on Sunday 29 November 2026. Thank you.", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"><input type=\"hidden\" name=\"outcome\" value=\"defect\"><input type=\"hidden\" name=\"date\" value=\"2026-11-29\">", html, StringComparison.Ordinal);
        Assert.Contains("<legend>Found something on this visit that needs a repair?</legend>", html, StringComparison.Ordinal);
        Assert.Contains("<label>Defect category<br><select name=\"category\" required><option value=\"\">(choose one)</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"repairs-external\">repairs-external</option>", html, StringComparison.Ordinal);
        Assert.Contains("<textarea name=\"note\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"date\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"outcome\" value=\"done\"", html, StringComparison.Ordinal);

        // The form's post: recorded as the API records it, the visit's first repair raised with this report's note.
        var posted = await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-external", Fence));
        var answer = await posted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var repair = Assert.Single(await RepairsAsync(reference)).Split('|')[0];
        Assert.Contains($"Recorded: work order {reference} done with a defect found on 2026-11-29. Raised {repair}.", answer, StringComparison.Ordinal);
        Assert.Equal(
            [$"{repair}|repairs|fixright|repair/{reference}|repairs-external|defect|link|{contractor}|{Fence}|reported defect on 2026-11-29 by {contractor} (link), after the visit was reported done|1"],
            await RepairsAsync(reference));
        Assert.Equal(visit, await fixture.Database.DataSource.RowsAsync($"SELECT w::text FROM work_orders w WHERE reference = '{reference}'"));

        // The same defect again, whatever its note: already recorded, one repair.
        var again = await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-external", "The fence again"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains($"Already recorded: work order {reference} done with a defect found on 2026-11-29; nothing changed.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await RepairsAsync(reference));

        // The page now names the defect reported, and still offers the form: another category is a further defect.
        var after = await (await host.Client.GetAsync(path)).Content.ReadAsStringAsync();
        FeedbackHtml.AssertWellFormedAndLabelled(after);
        Assert.Contains("This order was already reported done on Sunday 29 November 2026, with a defect: repairs-external. Thank you.", after, StringComparison.Ordinal);
        Assert.Contains("<option value=\"repairs-external\">repairs-external (already reported)</option>", after, StringComparison.Ordinal);
        var further = await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-routine", "Stair handrail loose"));
        Assert.Equal(HttpStatusCode.OK, further.StatusCode);
        var second = (await RepairsAsync(reference))[1].Split('|');
        Assert.Equal(($"repair/{reference}/repairs-routine", "Stair handrail loose", "1"), (second[3], second[8], second[10]));
        Assert.Contains("with defects: repairs-external, repairs-routine. Thank you.", await (await host.Client.GetAsync(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_TheDefectForm_ARefusedDefectIsShownAgainWithTheReasonAndWhatWasSent()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var path = PathFor(reference, contractor);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-routine", "Handrail"))).StatusCode);

        var noCategory = await host.Client.PostAsync(path, Form("defect", "2026-11-29", null, "Gutter <leaking> & \"loose\""));
        var tooLong = await host.Client.PostAsync(path, Form("defect", "2026-11-29", "repairs-external", new string('x', 2001)));
        var otherDay = await host.Client.PostAsync(path, Form("defect", "2026-11-28", "repairs-external", "Fence"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noCategory.StatusCode);
        var html = await noCategory.Content.ReadAsStringAsync();
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains("<p role=\"alert\" style=\"color:#8a1c1c\"><strong>A defect needs a category: one of repairs-emergency,", html, StringComparison.Ordinal);
        Assert.Contains(">Gutter &lt;leaking&gt; &amp; &quot;loose&quot;</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("with a defect: repairs-routine. Thank you.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var tooLongHtml = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("The note is longer than 2000 characters.", tooLongHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"repairs-external\" selected>repairs-external</option>", tooLongHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherDay.StatusCode);
        Assert.Contains($"Work order {reference} was already reported done with a defect found on 2026-11-29; a different report cannot replace it", await otherDay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal($"repair/{reference}", Assert.Single(await RepairsAsync(reference)).Split('|')[3]);
    }

    [Fact]
    public async Task Page_NoAccessCancelledAndHandSetOrders_KeepTheirPage_NoDefectForm()
    {
        var (noAccess, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (cancelled, cancelledContractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (handSet, handSetContractor, _) = await fixture.TakeOrderAsync("block-clean");
        await fixture.Database.DataSource.ExecuteAsync($"""
            UPDATE work_orders SET status = 'cancelled' WHERE reference = '{cancelled}';
            UPDATE work_orders SET status = 'completed', completed_on = '2026-11-27', completed_at = '2026-11-27T12:00:00Z' WHERE reference = '{handSet}';
            """);
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(PathFor(noAccess, contractor), Form("no-access", "2026-11-29"))).StatusCode);

        var pages = new List<string>();
        foreach (var path in new[] { PathFor(noAccess, contractor), PathFor(cancelled, cancelledContractor), PathFor(handSet, handSetContractor) })
        {
            var response = await host.Client.GetAsync(path + "?outcome=defect");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            FeedbackHtml.AssertWellFormedAndLabelled(html);
            Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
            pages.Add(html);
        }

        Assert.Contains("<p>This order was already reported (no-access on Sunday 29 November 2026). Thank you.</p></body>", pages[0], StringComparison.Ordinal);
        Assert.Contains("<p>This order was cancelled: there is nothing to report.</p></body>", pages[1], StringComparison.Ordinal);
        Assert.Contains("<p>This order was already reported (completed on Friday 27 November 2026). Thank you.</p></body>", pages[2], StringComparison.Ordinal);
    }
}
