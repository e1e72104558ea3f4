using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.Orders.Incremental.NightlyTestEstate;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// The proof of the incremental nightly generation: day after day, with everything that changes orders between nights
/// (gas bookings, visits done, no-access, defects raising repairs, another writer's cancellation, a config change, a
/// re-import), the nightly generation must leave exactly what a full apply would: after each night a full compare of
/// the same day creates and cancels nothing. The nights keep the register between them (<see cref="PlanningRegisterCache"/>);
/// the full compare reads it.
/// </summary>
public sealed class NightlyGenerationSteppingTests : NightlyTestBase
{
    [Fact]
    public async Task GenerateAsync_NinetyDaysWithVisitsChangesAndImports_LeavesWhatAFullApplyWouldEveryNight()
    {
        var config = Config();
        var random = new Random(8);

        // The nights keep the register between them, as the worker does; each night's check is a full compare that reads it.
        var kept = new PlanningRegisterCache();
        var scopes = new List<(LocalDate Day, GenerationScope Scope, int Created, int Cancelled)>();
        var redated = new HashSet<string>(StringComparer.Ordinal);
        List<string> openBefore = [];
        for (var n = 0; n < 90; n++)
        {
            var day = Start.PlusDays(n);
            if (n == 25)
            {
                config = Config("v2", IsoDayOfWeek.Thursday); // the weekly clean moves: future cleans replaced
            }

            if (n == 45)
            {
                // A re-import: one home gone, one block now cleaned weekly.
                await ImportAsync(
                    Estate(homes => [.. homes.Where(h => h.Id != "H05")], b => b.Id == "B2" ? TestEstate.WithCleaning(b, "weekly") : b), day);
            }

            if (n == 72)
            {
                // Checks made outside the system that morning imported: the gas homes with an open gas order (one of them,
                // H17, the day its window opens: the apply that night is before that day's reports), and two more, get
                // last_gas_check = today, later than any check completed here; one gets a date earlier than its last
                // completion (nothing changes for it). Their orders for the old deadlines go that night, and every night
                // after must still be what a full compare wants.
                redated.UnionWith(await Database.DataSource.RowsAsync(
                    "SELECT DISTINCT asset_id FROM work_orders WHERE schedule_id = 'gas-safety' AND status IN ('planned', 'issued', 'appointed')"));
                redated.UnionWith(["H01", "H02"]);
                var earlier = await Database.DataSource.ScalarAsync<string>(
                    "SELECT min(asset_id) FROM work_orders WHERE schedule_id = 'gas-safety' AND status = 'completed' AND completed_on > '2027-03-10'");
                redated.Remove(earlier);
                openBefore = await OpenGasOrdersAsync(redated);
                Assert.NotEmpty(openBefore);
                await ImportAsync(
                    Estate(
                        homes => [.. homes
                            .Where(h => h.Id != "H05")
                            .Select(h => redated.Contains(h.Id) ? TestEstate.Home(h.Id, h.BlockId, h.SiteId, day, h.Gas, h.AreaId)
                                : h.Id == earlier ? TestEstate.Home(h.Id, h.BlockId, h.SiteId, new LocalDate(2027, 3, 2), h.Gas, h.AreaId)
                                : h)],
                        b => b.Id == "B2" ? TestEstate.WithCleaning(b, "weekly") : b),
                    day);
            }

            if (n == 60)
            {
                // Another writer cancels a planned future clean: the next night must book it again, as a full apply would.
                await Database.DataSource.ExecuteAsync(
                    """
                    UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'manual: test'
                    WHERE id = (SELECT min(id) FROM work_orders WHERE status = 'planned' AND service = 'block-clean' AND target_date > '2027-05-10')
                    """);
            }

            SetClock(day, new LocalTime(2, 30));
            var result = await new WorkOrderGeneration(Database.DataSource, config, TestEstate.Calendar, Clock, kept).GenerateAsync(day);
            scopes.Add((day, result.Scope, result.CreateCount, result.CancelCount));

            var full = (await Generation(config).PlanAsync(day)).Plan;
            Assert.True(
                full.Create.Count == 0 && full.Cancel.Count == 0,
                $"day {n} ({day:uuuu-MM-dd}, {result.Scope}): a full compare would still create [{string.Join(", ", full.Create.Select(o => o.Key))}] " +
                $"and cancel [{string.Join(", ", full.Cancel.Select(c => c.Order.Key))}]");

            await new GasAppointmentBooking(Database.DataSource, config, TestEstate.Calendar, Clock).BookAsync(day);
            await ReportDayAsync(Database.DataSource, Clock, config, day, random);
        }

        // The nights really were incremental, and each fallback happened where it should.
        Assert.Equal(GenerationScopes.NoWatermark, scopes[0].Scope.Reason);
        Assert.Equal(GenerationScopes.ConfigChanged, scopes[25].Scope.Reason);
        Assert.Equal(GenerationScopes.RegisterChanged, scopes[45].Scope.Reason);
        Assert.Equal(GenerationScopes.RegisterChanged, scopes[72].Scope.Reason);

        // Every order of the re-dated homes open before that import, whatever its window, was cancelled that night, and
        // none of their gas orders open now opens before ten months after the check imported.
        Assert.Equal(
            openBefore.Select(_ => "cancelled"),
            await Database.DataSource.RowsAsync($"SELECT status FROM work_orders WHERE reference = ANY(ARRAY['{string.Join("','", openBefore)}']) ORDER BY reference"));
        Assert.Contains(
            "check-made",
            await Database.DataSource.RowsAsync($"SELECT DISTINCT split_part(cancelled_reason, ':', 1) FROM work_orders WHERE reference = ANY(ARRAY['{string.Join("','", openBefore)}'])"));
        Assert.Empty(await Database.DataSource.RowsAsync(
            $"""
            SELECT reference FROM work_orders WHERE schedule_id = 'gas-safety' AND status IN ('planned', 'issued', 'appointed')
              AND asset_id = ANY(ARRAY['{string.Join("','", redated)}']) AND window_start <= '{Start.PlusDays(72).PlusMonths(10):uuuu-MM-dd}'
            """));
        Assert.True(scopes[60].Scope.Incremental, $"day 60: {scopes[60].Scope}");
        Assert.True(scopes[60].Created >= 1, "the cancelled clean is booked again by the incremental night");
        Assert.Contains(scopes, s => s.Scope.Reason == GenerationScopes.Weekly);
        Assert.True(scopes.Count(s => s.Scope.Incremental) >= 70, string.Join("; ", scopes.Select(s => $"{s.Day:MM-dd} {s.Scope.Reason}")));
        Assert.Contains(scopes, s => s.Scope.Incremental && s.Created > 0);
        Assert.Contains(scopes, s => s.Scope.Incremental && s.Scope.AssetsReplanned > 0);

        // The register was read on the first night and after the re-imports only (a config change does not change it); every
        // other night that compared anything used the one kept.
        Assert.Equal(3, kept.Misses);
        Assert.True(kept.Hits >= 70, $"{kept.Hits} nights used the kept register");

        // What happened between the nights really exercised the planner's inputs.
        var statuses = await Database.DataSource.RowsAsync("SELECT DISTINCT status FROM work_orders ORDER BY 1");
        Assert.Contains("completed", statuses);
        Assert.Contains("no-access", statuses);
        Assert.Contains("cancelled", statuses);
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL") > 0, "repairs raised");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE schedule_id = 'gas-safety' AND status = 'completed'") > 5);
    }

    private async Task<List<string>> OpenGasOrdersAsync(IEnumerable<string> homes) =>
        await Database.DataSource.RowsAsync(
            $"""
            SELECT reference FROM work_orders WHERE schedule_id = 'gas-safety' AND status IN ('planned', 'issued', 'appointed')
              AND asset_id = ANY(ARRAY['{string.Join("','", homes)}']) ORDER BY reference
            """);

    private WorkOrderGeneration Generation(EstateConfiguration config) => new(Database.DataSource, config, TestEstate.Calendar, Clock);
}
