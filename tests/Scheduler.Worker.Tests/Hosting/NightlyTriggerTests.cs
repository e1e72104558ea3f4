using Quartz;
using Scheduler.Worker.Hosting.Jobs;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>The nightly generate trigger as the worker really registers it (in-memory store), across the 2027 clock changes.</summary>
public class NightlyTriggerTests
{
    public static TheoryData<string, string> NextFire => new()
    {
        // after (UTC)            next fire (UTC): 02:30 Europe/London
        { "2027-03-26T12:00:00Z", "2027-03-27T02:30:00Z" }, // GMT
        { "2027-03-27T12:00:00Z", "2027-03-28T01:30:00Z" }, // clocks go forward at 01:00 GMT on Sunday 28 March: 02:30 BST
        { "2027-03-28T12:00:00Z", "2027-03-29T01:30:00Z" }, // BST
        { "2027-10-30T12:00:00Z", "2027-10-31T02:30:00Z" }, // clocks go back at 02:00 BST on Sunday 31 October: 02:30 GMT, once
        { "2027-10-31T02:30:00Z", "2027-11-01T02:30:00Z" }, // and not again that day
    };

    [Theory]
    [MemberData(nameof(NextFire))]
    public async Task NightlyTrigger_AroundTheClockChanges_FiresAt0230London(string after, string expected)
    {
        var trigger = await NightlyTriggerAsync();

        var next = trigger.GetFireTimeAfter(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("2027-03-25T00:00:00Z", "2027-04-01T00:00:00Z")]
    [InlineData("2027-10-28T00:00:00Z", "2027-11-04T00:00:00Z")]
    public async Task NightlyTrigger_WeekAcrossAClockChange_OnceEachLocalDayAt0230(string from, string to)
    {
        var trigger = await NightlyTriggerAsync();
        var end = DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture);
        var fires = new List<DateTimeOffset>();
        for (var t = trigger.GetFireTimeAfter(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture)); t < end; t = trigger.GetFireTimeAfter(t))
        {
            fires.Add(t!.Value);
        }

        var local = fires.Select(f => TimeZoneInfo.ConvertTime(f, GenerateSchedule.London)).ToList();
        Assert.Equal(7, fires.Count);
        Assert.Equal(7, local.Select(l => l.Date).Distinct().Count());
        Assert.All(local, l => Assert.Equal(new TimeSpan(2, 30, 0), l.TimeOfDay));
    }

    [Fact]
    public async Task NightlyTrigger_AsRegistered_CatchesUpOnceAfterDowntime()
    {
        var trigger = await NightlyTriggerAsync();

        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        Assert.Equal("Europe/London", trigger.TimeZone.Id);
        Assert.Equal(GenerateWorkOrdersJob.Key, trigger.JobKey);
    }

    private static async Task<ICronTrigger> NightlyTriggerAsync()
    {
        using var config = new TempConfig();
        var settings = TestWorker.Settings("Host=127.0.0.1;Port=1;Database=unused;Username=nobody");
        settings["Scheduler:JobStore"] = "Memory";
        settings["Scheduler:GenerateAtStartup"] = "false";
        await using var dataSource = Scheduler.Persistence.EstateDatabase.CreateDataSource(settings[Scheduler.Persistence.EstateDatabase.ConnectionStringKey]!);
        await using var worker = await TestWorker.StartAsync(dataSource, config.Path, settings);
        var scheduler = await worker.SchedulerAsync();
        return Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(GenerateSchedule.Nightly));
    }
}
