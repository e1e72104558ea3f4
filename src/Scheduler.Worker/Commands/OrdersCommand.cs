using Scheduler.Domain.Planning;
using Scheduler.Persistence;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler orders [--from DATE] [--to DATE] [--status S] [--format table|csv|json]</c>: lists stored
/// work orders by target date. Call <see cref="ReadOptions"/> before <c>RejectUnknown</c>, then <see cref="RunAsync"/>.
/// </summary>
internal static class OrdersCommand
{
    /// <summary>The verb's options; dates are inclusive.</summary>
    public sealed record Options(NodaTime.LocalDate? From, NodaTime.LocalDate? To, WorkOrderStatus? Status, string Format);

    /// <summary>Reads the options; throws <see cref="UsageException"/> for a bad date, status or format.</summary>
    public static Options ReadOptions(CommandLineArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var from = args.Date("from");
        var to = args.Date("to");
        if (from is { } f && to is { } t && t < f)
        {
            throw new UsageException($"--to {t:uuuu-MM-dd} is before --from {f:uuuu-MM-dd}.");
        }

        var statusText = args.String("status");
        WorkOrderStatus? status = null;
        if (statusText is not null)
        {
            status = WorkOrderStatuses.Parse(statusText) ?? throw new UsageException(
                $"--status '{statusText}' is not one of: {string.Join(", ", WorkOrderStatuses.All.Select(s => s.ToText()))}.");
        }

        return new Options(from, to, status, args.Choice("format", "table", "table", "csv", "json"));
    }

    /// <summary>Prints the listing; 0 on success, 1 with a message when the database is not ready.</summary>
    public static async Task<int> RunAsync(Options options, string? connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, cancellationToken).ConfigureAwait(false);
            await using var db = EstateDatabase.CreateContext(dataSource);
            var lines = await WorkOrderListing.ListAsync(db, options.From, options.To, options.Status, cancellationToken).ConfigureAwait(false);
            switch (options.Format)
            {
                case "csv":
                    OrdersWriter.WriteCsv(lines, output);
                    break;
                case "json":
                    OrdersWriter.WriteJson(lines, output);
                    break;
                default:
                    OrdersWriter.WriteTable(lines, output);
                    break;
            }

            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
