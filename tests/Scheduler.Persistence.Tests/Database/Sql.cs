using System.Globalization;
using Npgsql;

namespace Scheduler.Persistence.Tests.Database;

/// <summary>Small raw-SQL reads for assertions, so tests check what is really in the tables.</summary>
public static class Sql
{
    /// <summary>The first column of the first row, converted to <typeparamref name="T"/>.</summary>
    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource dataSource, string sql)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Every row as one string of its columns joined with '|' (nulls as '∅'), in the query's order.</summary>
    public static async Task<List<string>> RowsAsync(this NpgsqlDataSource dataSource, string sql)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "∅";
            }

            rows.Add(string.Join('|', cells));
        }

        return rows;
    }

    /// <summary>Runs a statement.</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlDataSource dataSource, string sql)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }
}
