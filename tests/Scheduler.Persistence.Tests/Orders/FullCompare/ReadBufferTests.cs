using Npgsql;

namespace Scheduler.Persistence.Tests.Orders.FullCompare;

/// <summary>The data source's read buffer (<see cref="EstateDatabase.ReadBufferSize"/>): 64 kB unless the connection string sets one.</summary>
public sealed class ReadBufferTests
{
    [Theory]
    [InlineData("Host=localhost;Database=estate", EstateDatabase.ReadBufferSize)]
    [InlineData("Host=localhost;Database=estate;Read Buffer Size=8192", 8192)]
    [InlineData("Host=localhost;Database=estate;ReadBufferSize=16384", 16384)]
    public async Task CreateDataSource_ConnectionString_ReadBufferIsTheGivenOneElse64kB(string connectionString, int expected)
    {
        await using var dataSource = EstateDatabase.CreateDataSource(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ReadBufferSize);
    }
}
