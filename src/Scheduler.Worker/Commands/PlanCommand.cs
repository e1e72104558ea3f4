using NodaTime;
using Npgsql;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler plan [--as-of DATE] [--format text|json]</c> and <c>apply</c> (same options): compares what
/// config and register want over the horizon with what is stored, and for <c>apply</c> writes it in one transaction.
/// Both print the same summary; <c>apply</c> then books gas appointments for the new orders and (as text) prints
/// <c>booked N gas appointment(s)</c>. Call <see cref="ReadOptions"/> before <c>RejectUnknown</c>, then <see cref="RunAsync"/>.
/// </summary>
internal static class PlanCommand
{
    /// <summary>The verb's own options: <c>--as-of</c> (default today in the organisation's zone) and <c>--format</c>.</summary>
    public sealed record Options(LocalDate? AsOf, string Format);

    /// <summary>Reads <c>--as-of</c> and <c>--format</c>; throws <see cref="UsageException"/> for a bad value.</summary>
    public static Options ReadOptions(CommandLineArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new Options(args.Date("as-of"), args.Choice("format", "text", "text", "json"));
    }

    /// <summary>
    /// Runs <c>plan</c> (<paramref name="apply"/> false) or <c>apply</c>; 0 on success, 1 with a message when the database is
    /// not ready or, listing every problem, when a schedule's area has no contractor or two (nothing is written), or when the
    /// gas booking fails after the plan committed. Any other database failure is left to <see cref="CliApp"/>'s backstop
    /// (<see cref="DatabaseFailure"/>): the plan is one transaction, so nothing of it was stored.
    /// </summary>
    public static async Task<int> RunAsync(
        Options options, bool apply, EstateConfiguration config, WorkingDayCalendar calendar, string? connectionString, IClock clock,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var asOf = options.AsOf ?? clock.GetCurrentInstant().InZone(config.Organisation.Zone).Date;
        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, cancellationToken).ConfigureAwait(false);
            var generation = new WorkOrderGeneration(dataSource, config, calendar, clock);
            var result = apply
                ? await generation.ApplyAsync(asOf, cancellationToken).ConfigureAwait(false)
                : await generation.PlanAsync(asOf, cancellationToken).ConfigureAwait(false);
            GasBookingResult? booking = null;
            if (apply)
            {
                try
                {
                    booking = await new GasAppointmentBooking(dataSource, config, calendar, clock).BookAsync(asOf, cancellationToken).ConfigureAwait(false);
                }
                catch (NpgsqlException e)
                {
                    // The plan has committed; the booking is one transaction of its own, so none of it was stored. Say so,
                    // rather than leaving the backstop to say that nothing was stored.
                    await error.WriteLineAsync(DatabaseFailure.Line(
                        "apply",
                        e,
                        $"The work orders as of {asOf:uuuu-MM-dd} were stored ({result.CreateCount} created, {result.CancelCount} cancelled), "
                        + "but the gas booking stored nothing; run apply again: it books what is due and changes no orders already stored.",
                        during: " during the gas booking")).ConfigureAwait(false);
                    return 1;
                }
            }

            if (options.Format == "json")
            {
                GenerationReport.WriteJson(result, output);
            }
            else
            {
                GenerationReport.WriteText(result, output);
                if (booking is not null)
                {
                    GasBookingReport.WriteText(booking, output);
                }
            }

            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (CoverageException e)
        {
            foreach (var problem in e.Problems)
            {
                await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"{e.Problems.Count} problem(s) found between config and the estate register in the database; nothing was planned or changed.").ConfigureAwait(false);
            return 1;
        }
    }
}
