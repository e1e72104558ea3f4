using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Configurations;

/// <summary>Stores <see cref="WorkOrderStatus"/> as its text form (<c>planned</c>, <c>no-access</c>, …).</summary>
internal sealed class WorkOrderStatusConverter() : ValueConverter<WorkOrderStatus, string>(
    status => status.ToText(),
    text => WorkOrderStatuses.Parse(text)!.Value)
{
    /// <summary>The SQL check that keeps a status column to the known texts.</summary>
    public static string CheckSql(string column) =>
        $"{column} IN ({string.Join(", ", WorkOrderStatuses.All.Select(s => $"'{s.ToText()}'"))})";
}
