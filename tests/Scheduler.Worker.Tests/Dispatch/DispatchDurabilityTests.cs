using System.Net;
using System.Net.Sockets;
using NodaTime;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>Each message is recorded sent before the next goes; an unreachable server costs no attempts.</summary>
public sealed class DispatchDurabilityTests : OutboxTestBase
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Dispatch_TransportDiesAfterNMessages_ExactlyTheFirstNAreRecordedSent_TheRestSentOnceAfterTheLease(int n)
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        var total = await CountAsync("true");
        Assert.True(total > n + 1, $"the test estate gives {total} messages");
        var dying = Dispatcher(PerOrderConfig(), Smtp(server.Port), new FailAfterTransport(Smtp(server.Port).CreateTransport(), n));

        await Assert.ThrowsAsync<SimulatedCrashException>(() => dying.DispatchOnceAsync(500));
        var statuses = await OutboxRowsAsync("status, attempts, EXISTS (SELECT 1 FROM outbox_sent_marks m WHERE m.message_id = outbox_messages.id)");
        var issuedAfterCrash = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE kind = 'issued'");

        // Recorded sent = marked (outbox_sent_marks); the row itself is folded by the batch's completion, which the crash prevented.
        Assert.Equal(Enumerable.Repeat("sending|0|True", n), statuses.Take(n));
        Assert.All(statuses.Skip(n), s => Assert.Equal("sending|0|False", s));
        Assert.Equal(n, server.Messages.Count);

        // The orders of the messages recorded sent are issued with the batch's completion, which the crash prevented;
        // the next round catches up once the dead dispatcher's lease has run out.
        Assert.Equal(0, issuedAfterCrash);

        Clock.Advance(DispatchOptions.Default.Lease + Duration.FromSeconds(1));
        var survivor = await Dispatcher(PerOrderConfig(), Smtp(server.Port)).DispatchDueAsync(500);

        Assert.Equal(total - n, survivor.Sent);
        Assert.Equal(total, server.Messages.Count);
        Assert.All(server.Messages.GroupBy(m => m.MessageId), g => Assert.Single(g));
        Assert.Equal(total, await CountAsync("status = 'sent' AND attempts = 1 AND lease_until IS NULL"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_sent_marks"));
        Assert.Equal(total, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE kind = 'issued' AND from_status = 'planned'"));
    }

    [Fact]
    public async Task Dispatch_ServerDownForADayThenUp_EveryMessageDeliveredInIdOrderNoneDead()
    {
        await ApplyAsync(PerOrderConfig());
        var total = await CountAsync("true");
        var transport = new SwitchableTransport(new SmtpTransport(new SmtpSettings("127.0.0.1", ClosedPort(), SmtpSecurity.None)));
        var dispatcher = Dispatcher(PerOrderConfig(), Smtp(ClosedPort()), transport);
        var round = Duration.FromMinutes(4);
        var tried = 0;

        for (var elapsed = Duration.Zero; elapsed < Duration.FromHours(24); elapsed += round)
        {
            tried += (await dispatcher.DispatchDueAsync(10)).Claimed;
            Clock.Advance(round);
        }

        var duringOutage = await OutboxRowsAsync("status, attempts");
        await using var server = TestSmtpServer.Start();
        transport.Current = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));
        var afterwards = DispatchSummary.Empty;
        for (var i = 0; i < 3; i++)
        {
            afterwards = afterwards.Add(await dispatcher.DispatchDueAsync(10));
            Clock.Advance(round);
        }

        var expectedOrder = await OutboxRowsAsync("message_id");

        Assert.All(duringOutage, s => Assert.Equal("pending|0", s));
        Assert.InRange(tried, 10, 24 * 60 / 4 * 20);
        Assert.Equal(total, afterwards.Sent);
        Assert.Equal(expectedOrder, server.Messages.Select(m => m.MessageId));
        Assert.Equal(0, await CountAsync("status = 'dead'"));
        Assert.Equal(total, await CountAsync("status = 'sent' AND attempts = 1"));
    }

    /// <summary>A loopback port nobody listens on (taken from the system, then let go).</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
