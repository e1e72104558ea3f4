using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Persistence.Tests.Orders.Incremental;
using static Scheduler.Persistence.Tests.Orders.Incremental.NightlyTestEstate;

namespace Scheduler.Persistence.Tests.Orders.FullCompare;

/// <summary>
/// The full compare reads the stored orders in parts, each on its own connection in the apply's exported snapshot
/// (<see cref="StoredOrderReader.ReadInPartsAsync"/>, from <see cref="StoredOrderReader.SplitFromPages"/> pages of
/// <c>work_orders</c>; these estates are smaller, so the tests lower the threshold): it must decide exactly what one read
/// decides, creation for creation (in order), cancellation for cancellation (with its reason) and unchanged order for
/// unchanged order, on a varied estate day after day. So must a full compare that holds the rows' asset ids as the kept
/// register's strings (<see cref="WorkOrderGeneration.HoldKeptAssetIds"/>) against one that holds the strings read.
/// </summary>
public sealed class PartsReadTests : NightlyTestBase
{
    [Fact]
    public async Task PlanAsync_StoredOrdersReadInParts_DecidesWhatOneReadDecidesEveryDay()
    {
        var config = Config();
        var random = new Random(18);
        var kept = new PlanningRegisterCache();
        var (compared, created, cancelled, followUps) = (0, 0, 0, 0);
        for (var n = 0; n < 36; n++)
        {
            (var day, config) = await NightAsync(n, config);

            // Before the night's generation, so that the plans have something to create and cancel.
            var one = (await Generation(config, parts: 1).PlanAsync(day)).Plan;
            foreach (var parts in new[] { 2, 3 })
            {
                var inParts = (await Generation(config, parts).PlanAsync(day)).Plan;
                AssertSame(one, inParts, $"day {n} ({day:uuuu-MM-dd}), {parts} parts");
            }

            compared += one.Unchanged.Count;
            created += one.Create.Count;
            cancelled += one.Cancel.Count;
            followUps += one.Create.Count(o => o.Parent is not null) + one.Unchanged.Count(o => o.IsFollowUp);

            await new WorkOrderGeneration(Database.DataSource, config, TestEstate.Calendar, Clock, kept).GenerateAsync(day);
            await new GasAppointmentBooking(Database.DataSource, config, TestEstate.Calendar, Clock).BookAsync(day);
            await ReportDayAsync(Database.DataSource, Clock, config, day, random);
        }

        // The plans compared really had every kind of decision in them.
        var counts = $"{compared} unchanged, {created} created, {cancelled} cancelled, {followUps} follow-ups";
        Assert.True(compared > 3_000, counts);
        Assert.True(created > 150, counts);
        Assert.True(cancelled > 30, counts);
        Assert.True(followUps > 400, counts);
        Assert.True(await PagesAsync() >= 3, "work_orders has a page for each part");
    }

    [Fact]
    public async Task ApplyAsync_StoredOrdersReadInParts_WritesThePlanAndLeavesNothingToDo()
    {
        await Generation(Config(), parts: 1).ApplyAsync(Start);
        var changed = Config("v2", IsoDayOfWeek.Thursday);
        var day = Start.PlusDays(3);
        var planned = (await Generation(changed, parts: 1).PlanAsync(day)).Plan;

        var applied = await Generation(changed, parts: 2).ApplyAsync(day);

        Assert.NotEmpty(planned.Create);
        Assert.NotEmpty(planned.Cancel);
        AssertSame(planned, applied.Plan, "the apply in parts");
        Assert.Equal(planned.Create.Count, applied.CreateCount);
        Assert.Equal(planned.Cancel.Count, applied.CancelCount);
        Assert.True((await Generation(changed, parts: 3).PlanAsync(day)).Plan.IsEmpty);
        Assert.True((await Generation(changed, parts: 1).PlanAsync(day)).Plan.IsEmpty);
    }

    [Fact]
    public async Task ApplyAsync_AssetIdsHeldAsTheKeptRegisters_DecidesWhatTheIdsReadDecideEveryDay()
    {
        // Every night a full compare (ApplyAsync) with the register kept: from the second night on it holds the stored
        // orders' asset ids as the kept register's strings. Before it, on the same state, the plan of a generation that
        // keeps nothing (the ids as read); after it, nothing is left for that generation to do.
        var config = Config();
        var random = new Random(18);
        var kept = new PlanningRegisterCache();
        var (compared, created, cancelled, held) = (0, 0, 0, 0);
        Dictionary<string, string> lastIds = new(StringComparer.Ordinal);
        for (var n = 0; n < 30; n++)
        {
            (var day, config) = await NightAsync(n, config);

            var asRead = (await Generation(config, parts: 2).PlanAsync(day)).Plan;
            var applied = (await Generation(config, parts: 2, kept).ApplyAsync(day)).Plan;

            AssertSame(asRead, applied, $"day {n} ({day:uuuu-MM-dd})");
            Assert.True((await Generation(config, parts: 1).PlanAsync(day)).Plan.IsEmpty, $"day {n}: the apply left something to do");
            compared += applied.Unchanged.Count;
            created += applied.Create.Count;
            cancelled += applied.Cancel.Count;

            // The same register from one night to the next: an id held then is the very string held now.
            var ids = applied.Unchanged.Select(o => o.AssetId).Distinct(StringComparer.Ordinal).ToDictionary(id => id, StringComparer.Ordinal);
            held += ids.Values.Count(id => lastIds.TryGetValue(id, out var last) && ReferenceEquals(last, id));
            lastIds = ids;

            await new GasAppointmentBooking(Database.DataSource, config, TestEstate.Calendar, Clock).BookAsync(day);
            await ReportDayAsync(Database.DataSource, Clock, config, day, random);
        }

        var counts = $"{compared} unchanged, {created} created, {cancelled} cancelled, {held} asset ids held as the night before's";
        Assert.True(compared > 2_500, counts);
        Assert.True(created > 100, counts);
        Assert.True(cancelled > 20, counts);
        Assert.True(held > 200, counts);
    }

    private static void AssertSame(Plan expected, Plan actual, string what)
    {
        Assert.True(
            expected.Create.Select(Describe).SequenceEqual(actual.Create.Select(Describe)),
            $"{what}: creations differ: [{string.Join(", ", expected.Create.Select(Describe))}] against [{string.Join(", ", actual.Create.Select(Describe))}]");
        Assert.Equal(expected.Cancel, actual.Cancel);
        Assert.Equal(expected.Unchanged, actual.Unchanged);
    }

    private static string Describe(Occurrence o) =>
        $"{o.Key} {o.Window} {o.TargetDate:uuuu-MM-dd} {o.ContractorId} parent {o.Parent?.Key}";

    /// <summary>
    /// Night <paramref name="n"/>: its day, the clock at 02:30, the other writers' changes, and the configuration from
    /// then on (on night 12 the weekly clean moves: future cleans and their sweeps replaced).
    /// </summary>
    private async Task<(LocalDate Day, EstateConfiguration Config)> NightAsync(int n, EstateConfiguration config)
    {
        var day = Start.PlusDays(n);
        SetClock(day, new LocalTime(2, 30));
        await ChangeAsync(n, day);
        return (day, n == 12 ? Config("v2", IsoDayOfWeek.Thursday) : config);
    }

    /// <summary>Writes other than generation's: another writer's cancellation, a deleted order, a re-import.</summary>
    private async Task ChangeAsync(int n, LocalDate day)
    {
        if (n == 8 || n == 20)
        {
            await Database.DataSource.ExecuteAsync(
                $"""
                UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'manual: test'
                WHERE id = (SELECT min(id) FROM work_orders WHERE status = 'planned' AND service = 'block-clean' AND target_date > '{day.PlusDays(10):uuuu-MM-dd}')
                """);
            await Database.DataSource.ExecuteAsync(
                $"""
                DELETE FROM work_orders
                WHERE id = (SELECT max(id) FROM work_orders w WHERE status = 'planned' AND service = 'path-sweep' AND target_date > '{day.PlusDays(10):uuuu-MM-dd}')
                """);
        }

        if (n == 27)
        {
            await ImportAsync(Estate(homes => [.. homes.Where(h => h.Id != "H05")], b => b.Id == "B2" ? TestEstate.WithCleaning(b, "weekly") : b), day);
        }
    }

    private Task<long> PagesAsync() =>
        Database.DataSource.ScalarAsync<long>("SELECT pg_relation_size('work_orders') / current_setting('block_size')::bigint");

    /// <summary>
    /// A full compare reading in <paramref name="parts"/> parts whatever the table's size (1: one read, as before), keeping
    /// the register in <paramref name="kept"/> when given.
    /// </summary>
    private WorkOrderGeneration Generation(EstateConfiguration config, int parts, PlanningRegisterCache? kept = null) =>
        new(Database.DataSource, config, TestEstate.Calendar, Clock, kept) { ReadParts = parts, SplitReadFromPages = parts == 1 ? long.MaxValue : 0 };
}
