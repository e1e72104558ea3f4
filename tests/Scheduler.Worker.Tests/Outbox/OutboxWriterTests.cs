using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Outbox;

public sealed class OutboxWriterTests : OutboxTestBase
{
    [Fact]
    public async Task EnqueueForPlan_AfterApply_OneNoticePerOrderOfPerOrderContractorsOnly()
    {
        var (apply, _) = await ApplyAsync(TestEstate.Config());   // cleaner and grounds weekly, gas per-order

        var expected = await Database.DataSource.RowsAsync(
            "SELECT reference FROM work_orders WHERE contractor_id = 'warmfix' ORDER BY id");
        Assert.NotEmpty(expected);
        Assert.True(apply.CreatedReferences.Count > expected.Count);
        Assert.Equal(
            expected.Select(r => $"contractor-order|order/{r}/0|contractor|warmfix|0|pending|0"),
            await OutboxRowsAsync("kind, idempotency_key, recipient_kind, recipient_id, sequence, status, attempts"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE status <> 'planned'"));
    }

    [Fact]
    public async Task EnqueueForPlan_MessageIds_AreWhatMessageIdsFromKeyGives()
    {
        await ApplyAsync(PerOrderConfig());

        var rows = await OutboxRowsAsync("idempotency_key, message_id");
        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            var cells = row.Split('|');
            Assert.Equal(MessageIds.FromKey(cells[0]), cells[1]);
        });
    }

    [Fact]
    public async Task EnqueueForPlan_SameReferencesTwice_AddsNothingTheSecondTime()
    {
        var (apply, _) = await ApplyAsync(PerOrderConfig());
        var before = await OutboxRowsAsync("id, idempotency_key");
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var second = await OutboxWriter.EnqueueForPlanAsync(connection, transaction, apply.CreatedReferences, [], Clock.GetCurrentInstant(), TestEstate.Zone);
        await transaction.CommitAsync();

        Assert.Equal(apply.CreatedReferences.Count, before.Count);
        Assert.Equal(0, second.Notices);
        Assert.Equal(before, await OutboxRowsAsync("id, idempotency_key"));
    }

    [Fact]
    public async Task EnqueueForPlan_TransactionRolledBack_LeavesNoMessage()
    {
        // Every service covered (apply refuses gaps), but no per-order contractor: no notices.
        await ApplyAsync(TestEstate.Config(contractors: [TestEstate.Cleaner(), TestEstate.Grounds(), TestEstate.GasEngineer() with { Dispatch = DispatchMode.Weekly }]));
        Assert.Equal(0, await CountAsync("true"));
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var insert = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO contractors (id, name, email, services, areas, dispatch, active, config_version, updated_at)
                VALUES ('quickfix', 'Quickfix', 'jobs@quickfix.example', '{}', '{}', 'per-order', true, 'v1', now());
                INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                         status, contractor_id, occurrence_key, config_version, created_at)
                VALUES ('WO-2027-900001', 'gas-safety', 'gas-safety', 'H1', 'property', '2027-03-08', '2027-03-12', '2027-03-09',
                        'planned', 'quickfix', 'by-hand', 'v1', now());
                """,
                connection,
                transaction))
            {
                await insert.ExecuteNonQueryAsync();
            }

            var written = await OutboxWriter.EnqueueForPlanAsync(connection, transaction, ["WO-2027-900001"], [], Clock.GetCurrentInstant(), TestEstate.Zone);
            Assert.Equal(1, written.Notices);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await CountAsync("true"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE reference = 'WO-2027-900001'"));
    }

    [Fact]
    public async Task EnqueueForPlan_OrderCancelledBeforeItsNoticeWentOut_SupersedesTheNoticeAndSendsNoCancellation()
    {
        await ApplyAsync(PerOrderConfig());
        var notices = await CountAsync("kind = 'contractor-order'");

        var (apply, _) = await ApplyAsync(PerOrderConfig("v2", [TestEstate.CleanWeekly(), TestEstate.GrassCut(), TestEstate.GasSafety()]));

        Assert.NotEmpty(apply.CancelledReferences);
        Assert.Equal(0, await CountAsync("kind = 'contractor-cancellation'"));
        Assert.Equal(apply.CancelledReferences.Count, await CountAsync("status = 'superseded'"));
        Assert.Equal(notices - apply.CancelledReferences.Count, await CountAsync("status = 'pending'"));
    }
}
