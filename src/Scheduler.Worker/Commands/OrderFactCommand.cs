using NodaTime;
using Npgsql;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence;
using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Commands;

/// <summary>
/// The shape shared by the commands that record one dated fact about a work order someone did by hand (<c>tenant-copy</c>,
/// <c>tenant-rung</c>): one reference and a required date option; the configuration loaded (its time zone gives today);
/// a date in the future refused; the fact recorded in one statement by <c>record</c>, whose sentence goes to stdout when
/// it is (now or already) recorded, else to stderr. Exit 0 when recorded, 1 when refused, 2 for a usage mistake.
/// </summary>
internal static class OrderFactCommand
{
    /// <param name="args">The command line after the verb.</param>
    /// <param name="context">The command line's context.</param>
    /// <param name="example">A whole example command line, for the usage mistakes.</param>
    /// <param name="dateOption">The date option's name, without its dashes.</param>
    /// <param name="dateMeans">What the date is, for its usage mistake (e.g. "the day the tenant was rung").</param>
    /// <param name="record">Records the fact: true with its sentence when recorded (now or before), false with the reason.</param>
    public static async Task<int> RunAsync(
        CommandLineArgs args,
        CliContext context,
        string example,
        string dateOption,
        string dateMeans,
        Func<NpgsqlDataSource, string, LocalDate, EstateConfiguration, Task<(bool Recorded, string Message)>> record)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        var reference = args.Positionals.Count == 1
            ? args.Positionals[0]
            : throw new UsageException($"give one work order reference, e.g. {example}.");
        var on = args.Date(dateOption) ?? throw new UsageException($"--{dateOption} is required: {dateMeans}, e.g. {example}.");
        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (await context.LoadConfigAsync(configDir, "nothing was recorded").ConfigureAwait(false) is not { } config)
        {
            return 1;
        }

        if (on > context.Today(config.Organisation))
        {
            await context.Error.WriteLineAsync($"refused: {on:uuuu-MM-dd} is in the future").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(ConnectionSettings.Read(configDir), requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            var (recorded, message) = await record(dataSource, reference, on, config).ConfigureAwait(false);
            await (recorded ? context.Out : context.Error).WriteLineAsync(message).ConfigureAwait(false);
            return recorded ? 0 : 1;
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
