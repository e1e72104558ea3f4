using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Feedback;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// The page takes every note its box lets a contractor type, over real HTTP against a real database (branch
/// feedback38; docs/feedback.md, "Limits"). A browser counts a textarea's line break as one character for
/// <c>maxlength</c> but sends it as CRLF: the recorder counts and stores line breaks as LF, whichever route sent them,
/// so 2,000 characters with line breaks are accepted (until feedback38 they were refused as over 2,000). A note of
/// 2,000 Chinese characters or emoji, percent-encoded, is up to 12 bytes a character: the page's limit is sized from
/// its own form (until feedback38 it was <c>Feedback:MaxBodyBytes</c>, 16 KiB, and such a note got a 413 and an empty
/// form); a body larger than any form is still refused unread, with a page that says so.
/// </summary>
public sealed class FeedbackPageNoteTests(FeedbackDatabase fixture) : IClassFixture<FeedbackDatabase>
{
    private const string TooLong = "The note is longer than 2000 characters.";

    private static readonly byte[] Key = Convert.FromBase64String(FeedbackHost.SigningKey);

    private FakeClock Clock { get; } = new(FeedbackDatabase.Now);

    private static string PathFor(string reference, string contractor) =>
        "/feedback/" + FeedbackToken.Create(Key, reference, contractor, Instant.FromUtc(2027, 2, 1, 0, 0));

    private static FormUrlEncodedContent Form(string outcome, string date, string? category, string note) =>
        new(new Dictionary<string, string> { ["outcome"] = outcome, ["date"] = date, ["category"] = category ?? string.Empty, ["note"] = note });

    /// <summary>
    /// <paramref name="characters"/> characters as the page's box counts them (a line break one), in lines of
    /// <paramref name="line"/> repeated, each line break written <paramref name="lineBreak"/>; no white space at either end.
    /// </summary>
    private static string Note(int characters, string line, string lineBreak)
    {
        var length = line.EnumerateRunes().Count();
        var note = new StringBuilder();
        var count = 0;
        while (count + length + 1 < characters)
        {
            note.Append(line).Append(lineBreak);
            count += length + 1;
        }

        // The last line (no break after it) takes what is left, in the line's first character (never white space).
        note.Append(string.Concat(Enumerable.Repeat(line.EnumerateRunes().First().ToString(), characters - count)));
        Assert.Equal(characters, Lf(note.ToString()).EnumerateRunes().Count());
        return note.ToString();
    }

    private static string Lf(string note) => note.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private Task<List<string>> NotesAsync(string reference) => fixture.Database.DataSource.RowsAsync(
        $"SELECT e.note FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE w.reference = '{reference}' AND e.outcome IS NOT NULL ORDER BY e.id");

    // Everything a report writes: the order row, its audit trail, repairs raised from it, the outbox.
    private async Task<string> StateAsync(string reference) => string.Join(Environment.NewLine, await fixture.Database.DataSource.RowsAsync($"""
        SELECT 'order ' || w::text FROM work_orders w WHERE reference = '{reference}'
        UNION ALL SELECT 'events ' || count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE w.reference = '{reference}'
        UNION ALL SELECT 'repairs ' || count(*) FROM work_orders r JOIN work_orders w ON w.id = r.parent_id WHERE w.reference = '{reference}'
        UNION ALL SELECT 'outbox ' || count(*) FROM outbox_messages
        """));

    [Theory]
    [InlineData("\r\n")] // what a browser sends for the box's line breaks
    [InlineData("\n")]
    [InlineData("\r")]
    public async Task Page_ANoteOf2000CharactersWithLineBreaks_IsAccepted_StoredWithLf_2001IsRefused(string lineBreak)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (over, overContractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var note = Note(2000, "Gutter hanging off the back wall", lineBreak);
        var tooLong = Note(2001, "Gutter hanging off the back wall", lineBreak);

        var accepted = await host.Client.PostAsync(PathFor(reference, contractor), Form("done", "2026-11-29", null, note));
        var before = await StateAsync(over);
        var refused = await host.Client.PostAsync(PathFor(over, overContractor), Form("done", "2026-11-29", null, tooLong));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains($"Recorded: work order {reference} done on 2026-11-29.", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Lf(note)], await NotesAsync(reference));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        FeedbackHtml.AssertWellFormedAndLabelled(html);
        Assert.Contains($"<strong id=\"note-error\" style=\"display:block;color:#8a1c1c\">{TooLong}</strong>", html, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(over));
    }

    public static TheoryData<string, string> Scripts => new()
    {
        { "Chinese", "后墙排水沟脱落，楼梯扶手松动，需要尽快维修。" },
        { "emoji", "🚿💧🔧🪜🏚️" },
        { "Polish", "Rynna odpadła od ściany, poręcz się chwieje; źle żółć ąę" },
        { "Arabic", "المزراب سقط عن الجدار الخلفي والدرابزين مرتخ" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Page_ANoteOf2000CharactersInAnotherScript_IsAcceptedAndStoredAsTyped_2001IsRefusedWithTheNoteShownBack(string script, string line)
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (over, overContractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var note = Note(2000, line, "\r\n");
        var tooLong = Note(2001, line, "\r\n");

        var accepted = await host.Client.PostAsync(PathFor(reference, contractor), Form("defect", "2026-11-29", "repairs-routine", note));
        var before = await StateAsync(over);
        var refused = await host.Client.PostAsync(PathFor(over, overContractor), Form("defect", "2026-11-29", "repairs-routine", tooLong));

        Assert.True(HttpStatusCode.OK == accepted.StatusCode, $"{script}: {accepted.StatusCode}");
        Assert.Contains("Raised WO-", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Lf(note)], await NotesAsync(reference));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"<strong id=\"note-error\" style=\"display:block;color:#8a1c1c\">{TooLong}</strong>", html, StringComparison.Ordinal);
        Assert.Contains($">{HtmlEncoder.Default.Encode(tooLong)}</textarea>", html, StringComparison.Ordinal); // as sent, to be shortened
        Assert.Equal(before, await StateAsync(over));
    }

    [Fact]
    public async Task Page_TheLongestFormThePageCanProduce_FitsItsLimit_ABodyLargerThanAnyFormIsRefusedUnreadWithThePagesMessage()
    {
        var (reference, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var path = PathFor(reference, contractor);
        var before = await StateAsync(reference);

        // The longest outcome, date and category with 2,000 four-byte characters: every byte %XX. It is read (and refused
        // for its category, which no-access does not take), not turned away for its size.
        var longest = Form("no-access", "2026-11-29", "gas-heating-solid-fuel-oil-solar", string.Concat(Enumerable.Repeat("💧", 2000)));
        Assert.Equal(FeedbackFormSize.LongestForm, (await longest.ReadAsByteArrayAsync()).Length);
        var read = await host.Client.PostAsync(path, longest);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, read.StatusCode);
        Assert.Contains("A category is given only with the outcome defect.", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // One byte over the page's limit, with a length and sent in chunks without one: refused, nothing recorded.
        var body = "outcome=done&date=2026-11-29&category=&note=" + new string('x', FeedbackFormSize.MaxBytes + 1 - "outcome=done&date=2026-11-29&category=&note=".Length);
        Assert.Equal(FeedbackFormSize.MaxBytes + 1, body.Length);
        var withLength = await host.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body + body)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var withoutLength = await host.Client.SendAsync(request);

        foreach (var response in new[] { withLength, withoutLength })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            FeedbackHtml.AssertWellFormedAndLabelled(html);
            Assert.Contains($"<td>{reference}</td>", html, StringComparison.Ordinal);
            Assert.Contains(
                "<p role=\"alert\" style=\"color:#8a1c1c\"><strong>Nothing was recorded: what was sent is larger than any report this page sends, so it was not read.</strong></p>"
                + "<p>A note may have up to 2,000 characters. Please go back (your browser keeps what you typed), shorten the note and send it again, or <a href=\"\">open the form again</a>.</p></body>",
                html, StringComparison.Ordinal);
            Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
            Assert.DoesNotContain("xxxx", html, StringComparison.Ordinal);
        }

        Assert.Contains(host.Logs.Lines, l => l.Contains("too-large", StringComparison.Ordinal) && l.Contains(reference, StringComparison.Ordinal));
        Assert.Equal(before, await StateAsync(reference));
    }

    [Fact]
    public async Task Api_TheSameNotes_2000EmojiWrittenAsJsonEscapes_AndCrlf_AreAcceptedAndStoredAsThePageStoresThem()
    {
        var (emoji, contractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (crlf, crlfContractor, _) = await fixture.TakeOrderAsync("block-clean");
        var (over, overContractor, _) = await fixture.TakeOrderAsync("block-clean");
        var keys = new Dictionary<string, string>();
        foreach (var id in new[] { contractor, crlfContractor, overContractor }.Distinct())
        {
            keys[id] = (await new ApiKeyStore(fixture.Database.DataSource, Clock).CreateAsync(id)).Key;
        }

        await using var host = await FeedbackHost.StartAsync(fixture.Database.DataSource, Clock);
        var emojiNote = Note(2000, "🚿💧🔧", "\r\n");
        var crlfNote = Note(2000, "Fence panel down by the back gate", "\r\n");

        // System.Text.Json's default writes every non-ASCII character as \uXXXX: 12 bytes an emoji, over 16 KiB in all.
        var emojiJson = JsonSerializer.Serialize(new { reference = emoji, date = "2026-11-29", outcome = "done", note = emojiNote });
        Assert.InRange(Encoding.UTF8.GetByteCount(emojiJson), 16 * 1024 + 1, FeedbackFormSize.MaxBytes);
        var emojiAnswer = await PostJsonAsync(host, keys[contractor], emojiJson);
        var crlfAnswer = await PostJsonAsync(host, keys[crlfContractor], JsonSerializer.Serialize(new { reference = crlf, date = "2026-11-29", outcome = "done", note = crlfNote }));
        var before = await StateAsync(over);
        var overAnswer = await PostJsonAsync(host, keys[overContractor], JsonSerializer.Serialize(new { reference = over, date = "2026-11-29", outcome = "done", note = Note(2001, "Fence", "\r\n") }));

        Assert.Equal(HttpStatusCode.Created, emojiAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, crlfAnswer.StatusCode);
        Assert.Equal([Lf(emojiNote)], await NotesAsync(emoji));
        Assert.Equal([Lf(crlfNote)], await NotesAsync(crlf));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overAnswer.StatusCode);
        using var problem = JsonDocument.Parse(await overAnswer.Content.ReadAsStringAsync());
        Assert.Equal("bad-input", problem.RootElement.GetProperty("refusal").GetString());
        Assert.Equal(TooLong, problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await StateAsync(over));
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(FeedbackHost host, string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await host.Client.SendAsync(request);
    }
}
