using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>The daily manager digest in a running worker: sections in, one outbox row per day, one email out.</summary>
public class ManagerDigestTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static readonly DigestSection Gas = new(10, "Gas safety: deadlines within 14 days", "2 homes have no appointment.",
    [
        new DigestLine("south", "H-0203", "deadline Friday 15 January 2027"),
        new DigestLine("north", "H-0101", "deadline Monday 11 January 2027 <b>urgent</b>"),
        new DigestLine("north", "H-0102", "deadline Tuesday 12 January 2027"),
    ]);

    private static readonly DigestSection Overdue = new(20, "Overdue work", "1 order is past its window.",
    [
        new DigestLine("greenscape", "WO-2027-000007", "grass cut, window ended Sunday 3 January 2027"),
    ]);

    [Fact]
    public async Task Digest_TwoSections_OneEmailWithBothGroupedAndASecondRunChangesNothing()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var smtp = TestSmtpServer.Start();
        var settings = DispatchJobTests.WithSmtp(database.ConnectionString, smtp);
        settings["Scheduler:GenerateAtStartup"] = "false";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings, services: s =>
        {
            s.AddSingleton<IDigestSection>(new FixedSection(Overdue));
            s.AddSingleton<IDigestSection>(new FixedSection(Gas));
        });
        var scheduler = await worker.SchedulerAsync();
        var digests = JobCompletions.Listen(scheduler, ManagerDigestJob.Key);
        var dispatches = JobCompletions.Listen(scheduler, DispatchOutboxJob.Key);

        await scheduler.TriggerJob(ManagerDigestJob.Key);
        await digests.WaitForAsync(1, Guard);
        await Eventually.HoldsAsync(() => Task.FromResult(!smtp.Messages.IsEmpty), Guard, "the digest reached the SMTP server");

        // The same day again: nothing new is written, and a dispatch round after it sends nothing more.
        await scheduler.TriggerJob(ManagerDigestJob.Key);
        await digests.WaitForAsync(2, Guard);
        await dispatches.WaitForAsync(dispatches.Count + 1, Guard);

        Assert.Equal(
            ["manager-digest|manager-digest:2027-01-04|manager|digest|sent"],
            await database.DataSource.RowsAsync("SELECT kind, idempotency_key, recipient_kind, recipient_id, status FROM outbox_messages"));
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("estates.manager@examplehomes.example", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal("Example Homes daily digest for Monday 4 January 2027: 2 sections", message.Subject);

        // Sections by their order (gas first although registered second); lines grouped, the groups by name.
        var text = message.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(
            """
            == Gas safety: deadlines within 14 days ==
            2 homes have no appointment.

            north (2)
            - H-0101: deadline Monday 11 January 2027 <b>urgent</b>
            - H-0102: deadline Tuesday 12 January 2027

            south (1)
            - H-0203: deadline Friday 15 January 2027

            == Overdue work ==
            1 order is past its window.

            greenscape (1)
            - WO-2027-000007: grass cut, window ended Sunday 3 January 2027
            """,
            text,
            StringComparison.Ordinal);
        var html = message.HtmlBody!;
        Assert.Contains("<li><strong>H-0101</strong>: deadline Monday 11 January 2027 &lt;b&gt;urgent&lt;/b&gt;</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>urgent</b>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("north (2)", StringComparison.Ordinal) < html.IndexOf("south (1)", StringComparison.Ordinal));
        Assert.True(html.IndexOf("Gas safety", StringComparison.Ordinal) < html.IndexOf("Overdue work", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Digest_NoSectionHasAnything_NoMessage()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Scheduler:JobStore"] = "Memory";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings, services: s =>
            s.AddSingleton<IDigestSection>(new FixedSection(null)));
        var scheduler = await worker.SchedulerAsync();
        var digests = JobCompletions.Listen(scheduler, ManagerDigestJob.Key);

        await scheduler.TriggerJob(ManagerDigestJob.Key);
        await digests.WaitForAsync(1, Guard);

        Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task Digest_NoDigestEmail_NothingWrittenEvenWithSections()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        using var config = new TempConfig();
        config.Replace("organisation.yaml", "  digestEmail: estates.manager@examplehomes.example", "  # no digest address");
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Scheduler:JobStore"] = "Memory";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings, services: s =>
            s.AddSingleton<IDigestSection>(new FixedSection(Gas)));
        var scheduler = await worker.SchedulerAsync();
        var digests = JobCompletions.Listen(scheduler, ManagerDigestJob.Key);

        await scheduler.TriggerJob(ManagerDigestJob.Key);
        await digests.WaitForAsync(1, Guard);

        Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task WriteAsync_ASectionThrows_TheOthersAreWrittenOnceAndTheFailureIsHandedBack()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var day = new LocalDate(2027, 1, 4);
        var now = Instant.FromUtc(2027, 1, 4, 7, 0);
        var broken = new ThrowingSection();
        var failures = new List<(IDigestSection Section, Exception Error)>();
        IDigestSection[] sections = [new FixedSection(Overdue), broken, new FixedSection(null)];

        var first = await ManagerDigest.WriteAsync(sections, day, database.DataSource, now, (s, e) => failures.Add((s, e)), CancellationToken.None);
        var second = await ManagerDigest.WriteAsync(sections, day, database.DataSource, now, (s, e) => failures.Add((s, e)), CancellationToken.None);

        Assert.Equal(new DigestWrite(1, true, "manager-digest:2027-01-04"), first);
        Assert.Equal(new DigestWrite(1, false, "manager-digest:2027-01-04"), second);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Same(broken, f.Section));
        Assert.All(failures, f => Assert.IsType<InvalidOperationException>(f.Error));
        var payload = DigestPayload.FromJson(await database.DataSource.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE kind = 'manager-digest'"));
        Assert.Equal(["Overdue work"], payload.Sections.Select(p => p.Title));
    }

    [Fact]
    public async Task WriteAsync_NoSectionHasAnything_WritesNothing()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        var write = await ManagerDigest.WriteAsync(
            [new FixedSection(null)], new LocalDate(2027, 1, 4), database.DataSource, Instant.FromUtc(2027, 1, 4, 7, 0), (_, e) => throw e, CancellationToken.None);

        Assert.Equal(new DigestWrite(0, false, "manager-digest:2027-01-04"), write);
        Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    /// <summary>A section whose query fails.</summary>
    private sealed class ThrowingSection : IDigestSection
    {
        public Task<DigestSection?> BuildAsync(LocalDate today, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the section's query failed");
    }

    /// <summary>A section that always says the same (or nothing).</summary>
    private sealed class FixedSection(DigestSection? section) : IDigestSection
    {
        public Task<DigestSection?> BuildAsync(LocalDate today, CancellationToken cancellationToken) => Task.FromResult(section);
    }
}
