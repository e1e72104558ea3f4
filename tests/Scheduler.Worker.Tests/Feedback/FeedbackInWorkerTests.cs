using System.Net;
using Scheduler.Worker.Tests.Hosting;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>The worker host (WorkerHost.Create) serves the feedback endpoints beside health.</summary>
public sealed class FeedbackInWorkerTests
{
    [Fact]
    public async Task Worker_ServesTheFeedbackPageAndApiBesideHealth()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Feedback:SigningKey"] = FeedbackHost.SigningKey;
        settings["Scheduler:GenerateAtStartup"] = "false";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        using var client = new HttpClient { BaseAddress = worker.BaseAddress };

        var page = await client.GetAsync("/feedback/not-a-token");
        var api = await client.PostAsync("/api/v1/feedback", new StringContent("{}"));
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
