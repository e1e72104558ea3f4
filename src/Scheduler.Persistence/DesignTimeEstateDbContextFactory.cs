using Microsoft.EntityFrameworkCore.Design;

namespace Scheduler.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the context: reads <c>ConnectionStrings__Estate</c>, falling back to a local
/// placeholder (adding a migration does not connect).
/// </summary>
internal sealed class DesignTimeEstateDbContextFactory : IDesignTimeDbContextFactory<EstateDbContext>
{
    public EstateDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable)
            ?? "Host=127.0.0.1;Database=estate;Username=postgres";
        return EstateDatabase.CreateContext(EstateDatabase.CreateDataSource(connectionString));
    }
}
