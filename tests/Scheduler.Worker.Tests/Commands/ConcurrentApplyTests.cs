using System.Text.Json;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>Two real <c>estate-scheduler apply</c> processes at once against one database (issue 3: no duplicates, no failure).</summary>
public sealed class ConcurrentApplyTests
{
    [Fact]
    public async Task Apply_TwoProcessesAtOnce_BothSucceedAndEachOrderExistsOnce()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var cs = database.ConnectionString;
        var import = await WorkerProcess.RunAsync(RepositoryRoot.Path, cs, "import", "--estate", "config/sample", "--as-of", "2027-03-01");
        Assert.True(import.Exit == 0, import.Error);

        using var first = WorkerProcess.Start(RepositoryRoot.Path, cs, "apply", "--as-of", "2027-03-01", "--format", "json");
        using var second = WorkerProcess.Start(RepositoryRoot.Path, cs, "apply", "--as-of", "2027-03-01", "--format", "json");
        var bothRunning = !first.HasExited && !second.HasExited;
        var results = await Task.WhenAll(WorkerProcess.WaitAsync(first), WorkerProcess.WaitAsync(second));

        Assert.True(bothRunning, "the two processes did not run at the same time");
        Assert.All(results, r => Assert.True(r.Exit == 0, r.Error));
        Assert.All(results, r => Assert.Empty(r.Error));
        var created = results.Select(r =>
        {
            using var json = JsonDocument.Parse(r.Out);
            return json.RootElement.GetProperty("create").GetInt32();
        }).Order().ToList();
        var ds = database.DataSource;
        var orders = await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders");
        Assert.True(orders > 0);
        Assert.Equal([0, orders], created); // the advisory lock makes the later apply see the earlier one's orders
        Assert.Equal(orders, await ds.ScalarAsync<int>("SELECT count(DISTINCT occurrence_key) FROM work_orders"));
        Assert.Equal(orders, await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_history WHERE kind = 'created'"));
    }
}
