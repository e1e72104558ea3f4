using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// An address changed and changed back while its notice waits (branch small37): the import that puts back the address
/// the contractor was last sent supersedes the waiting notice unsent and writes none; one that changes it to a third
/// address writes a notice saying that one; one that changes it back after the notice went writes a notice saying the
/// old address again. H1 is "Flat H1, High Street", AB1 2CD; the sent notice of its gas order showed that.
/// </summary>
public sealed partial class AddressChangeNoticeTests
{
    private const string A = "Flat H1, High Street";

    /// <summary>The fingerprint a changed-address payload holds (<c>held</c>): md5 of the address, a line feed and the postcode.</summary>
    private async Task<string> FingerprintAsync(string address, string postcode) =>
        Assert.Single(await Database.DataSource.RowsAsync($"SELECT md5('{address}' || chr(10) || '{postcode}')"));

    [Fact]
    public async Task AddressChangedAndBackBeforeTheNoticeWent_NothingIsSent_TheWaitingNoticeIsSupersededSayingWhy()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        Assert.NotEmpty(await DispatchAsync(config));
        var reference = Assert.Single(await ReferencesAsync($"asset_id = 'H1' AND {Open}"));

        var toB = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        var backToA = await ImportAsync(TestEstate.Estate());

        Assert.Equal((1, 1), (toB.AddressNotices, backToA.Updated));
        Assert.Equal(0, backToA.AddressNotices);
        Assert.Equal(
            [$"order/{reference}/address/{toB.ImportRunId}|superseded|{AddressChangeNotices.BackToSent}"],
            await OutboxRowsAsync("idempotency_key, status, coalesce(last_error, '')", AddressChanges));
        Assert.Equal("not sent: the address is back to the one the contractor was sent", AddressChangeNotices.BackToSent);
        Assert.Empty(await DispatchAsync(config));
    }

    [Fact]
    public async Task AddressChangedTwiceBeforeTheNoticeWent_OneNoticeSaysTheThird_HoldingWhatTheContractorWasSent()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        await DispatchAsync(config);
        var reference = Assert.Single(await ReferencesAsync($"asset_id = 'H1' AND {Open}"));

        var toB = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        var toC = await ImportAsync(HomeMoved("H1", "Flat 1C, High Street", "AB1 2CD"));

        Assert.Equal((1, 1), (toB.AddressNotices, toC.AddressNotices));
        var held = await FingerprintAsync(A, "AB1 2CD");
        Assert.Equal(
            [
                $"order/{reference}/address/{toB.ImportRunId}|superseded|{AddressChangeNotices.ChangedAgain}|{held}",
                $"order/{reference}/address/{toC.ImportRunId}|pending||{held}",
            ],
            await OutboxRowsAsync("idempotency_key, status, coalesce(last_error, ''), payload ->> 'held'", AddressChanges));
        var sent = Assert.Single(await DispatchAsync(config));
        Assert.Equal($"New address for work order {reference}: gas-safety at Flat 1C, High Street", sent.Subject);
        Assert.Contains("it is now Flat 1C, High Street, AB1 2CD.", sent.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressChangedBackAfterTheNoticeWent_ANoticeSaysTheOldAddressAgain()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        await DispatchAsync(config);
        var reference = Assert.Single(await ReferencesAsync($"asset_id = 'H1' AND {Open}"));

        var toB = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        Assert.Contains("it is now Flat 1A, High Street, AB1 9ZZ.", Assert.Single(await DispatchAsync(config)).TextBody, StringComparison.Ordinal);
        var backToA = await ImportAsync(TestEstate.Estate());

        Assert.Equal((1, 1), (toB.AddressNotices, backToA.AddressNotices));
        Assert.Equal(
            [
                $"order/{reference}/address/{toB.ImportRunId}|sent|{await FingerprintAsync(A, "AB1 2CD")}",
                $"order/{reference}/address/{backToA.ImportRunId}|pending|{await FingerprintAsync("Flat 1A, High Street", "AB1 9ZZ")}",
            ],
            await OutboxRowsAsync("idempotency_key, status, payload ->> 'held'", AddressChanges));
        var sent = Assert.Single(await DispatchAsync(config));
        Assert.Equal($"New address for work order {reference}: gas-safety at {A}", sent.Subject);
        Assert.Contains($"it is now {A}, AB1 2CD.", sent.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(Ical.Net.Calendar.Load(IcsOf(sent))!.Events)!.Sequence);
    }

    /// <summary>
    /// A site renamed reaches the orders of the site and of its blocks (their address is "block, site"); renamed back
    /// before the notices went, every one is superseded unsent: the previous values of the site are what the blocks'
    /// orders showed too.
    /// </summary>
    [Fact]
    public async Task SiteRenamedAndBackBeforeTheNoticesWent_NothingIsSentForTheSiteOrItsBlocks()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        await DispatchAsync(config);

        var renamed = await ImportAsync(Changed(TestEstate.Estate(), site: s => s.Id == "S1" ? s with { Name = "Beech Gardens" } : s));
        Assert.True(await CountAsync($"{AddressChanges} AND work_order_ids[1] IN (SELECT id FROM work_orders WHERE asset_kind = 'block')") > 0);
        var back = await ImportAsync(TestEstate.Estate());

        Assert.True(renamed.AddressNotices > 1);
        Assert.Equal(0, back.AddressNotices);
        Assert.Equal(renamed.AddressNotices, await CountAsync($"{AddressChanges} AND status = 'superseded' AND last_error = '{AddressChangeNotices.BackToSent}'"));
        Assert.Empty(await DispatchAsync(config));
    }
}
