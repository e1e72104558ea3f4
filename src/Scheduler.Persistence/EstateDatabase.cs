using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Scheduler.Persistence;

/// <summary>
/// The one place that knows how to reach the estate database: a NodaTime-enabled <see cref="NpgsqlDataSource"/>
/// (build it once per connection string and share it) and <see cref="EstateDbContext"/>s over it.
/// </summary>
public static class EstateDatabase
{
    /// <summary>The configuration key of the connection string: <c>ConnectionStrings:Estate</c> (env <c>ConnectionStrings__Estate</c>).</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Estate";

    /// <summary>The environment variable form of <see cref="ConnectionStringKey"/>.</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__Estate";

    /// <summary>
    /// The read buffer of each connection (Npgsql's <c>Read Buffer Size</c>) unless the connection string sets one: 64 kB
    /// (Npgsql's default is 8 kB). A full compare reads ~830,000 stored orders at 300,000 homes (~85 MB on the
    /// wire); every time the buffer runs dry Npgsql re-arms a cancellation timer under a lock and awaits the socket, which
    /// with 8 kB was ~10,000 times a read (docs/benchmarks-history.md, branch <c>compare18</c>). Memory: 56 kB more a
    /// pooled connection.
    /// </summary>
    public const int ReadBufferSize = 64 * 1024;

    /// <summary>Builds a data source with the NodaTime type plugin; dispose it when the process is done with the database.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Read Buffer Size") && !given.ContainsKey("ReadBufferSize"))
        {
            builder.ConnectionStringBuilder.ReadBufferSize = ReadBufferSize;
        }

        builder.UseNodaTime();
        return builder.Build();
    }

    /// <summary>EF Core options over <paramref name="dataSource"/>: Npgsql, NodaTime, snake_case names.</summary>
    public static DbContextOptions<EstateDbContext> Options(NpgsqlDataSource dataSource) =>
        Configure(new DbContextOptionsBuilder<EstateDbContext>(), dataSource).Options;

    /// <summary>Applies the estate database settings to <paramref name="builder"/> (for <c>AddDbContext</c>).</summary>
    public static DbContextOptionsBuilder<EstateDbContext> Configure(DbContextOptionsBuilder<EstateDbContext> builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseNpgsql(dataSource, npgsql => npgsql.UseNodaTime()).UseSnakeCaseNamingConvention();
    }

    /// <summary>
    /// A context over an open <paramref name="connection"/> from an <see cref="CreateDataSource"/> data source, e.g. to
    /// join a transaction with <c>db.Database.UseTransaction(tx)</c>. The caller disposes both.
    /// </summary>
    public static EstateDbContext CreateContext(NpgsqlConnection connection) =>
        new(new DbContextOptionsBuilder<EstateDbContext>()
            .UseNpgsql(connection, npgsql => npgsql.UseNodaTime())
            .UseSnakeCaseNamingConvention()
            .Options);

    /// <summary>A new context over <paramref name="dataSource"/>; the caller disposes it.</summary>
    public static EstateDbContext CreateContext(NpgsqlDataSource dataSource) => new(Options(dataSource));

    /// <summary>Applies every pending migration (takes EF's database-wide migration lock, so concurrent callers are safe).</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext(dataSource);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
