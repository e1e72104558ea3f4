using Microsoft.EntityFrameworkCore;
using Scheduler.Persistence.Configurations;
using Scheduler.Persistence.Entities;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence;

/// <summary>
/// The estate database: register (areas, sites, blocks, homes, tenants), contractors, work orders and their
/// audit trail, config versions and import runs. Build it with <see cref="EstateDatabase.CreateContext(Npgsql.NpgsqlDataSource)"/>
/// so NodaTime and snake_case names are always on. The bulk path (<see cref="Orders.PlanWriter"/>) bypasses EF Core.
/// </summary>
public sealed class EstateDbContext(DbContextOptions<EstateDbContext> options) : DbContext(options)
{
    public DbSet<AreaRow> Areas => Set<AreaRow>();

    public DbSet<SiteRow> Sites => Set<SiteRow>();

    public DbSet<BlockRow> Blocks => Set<BlockRow>();

    public DbSet<HomeRow> Homes => Set<HomeRow>();

    public DbSet<TenantRow> Tenants => Set<TenantRow>();

    public DbSet<ContractorRow> Contractors => Set<ContractorRow>();

    public DbSet<ConfigVersionRow> ConfigVersions => Set<ConfigVersionRow>();

    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();

    public DbSet<WorkOrderEvent> WorkOrderEvents => Set<WorkOrderEvent>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<RegisterChange> RegisterChanges => Set<RegisterChange>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<GasCheckRow> GasChecks => Set<GasCheckRow>();

    public DbSet<GasAppointmentRow> GasAppointments => Set<GasAppointmentRow>();

    public DbSet<GasEscalationRow> GasEscalations => Set<GasEscalationRow>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasSequence<long>(WorkOrderConfiguration.NumberSequence);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EstateDbContext).Assembly);
    }
}
