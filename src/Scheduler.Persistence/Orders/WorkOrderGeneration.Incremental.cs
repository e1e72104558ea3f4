using System.Diagnostics;
using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Register;

namespace Scheduler.Persistence.Orders;

/// <summary>The nightly generation's incremental compare (docs/database.md, "The nightly generation").</summary>
public sealed partial class WorkOrderGeneration
{
    /// <summary>The most days as-of may move on from the last apply's for the nightly generation to stay incremental.</summary>
    public const int MaxIncrementalDays = 7;

    /// <summary>The nightly generation applies in full when the last full apply is this many days old (or more).</summary>
    public const int FullEveryDays = 7;

    /// <summary>Whether the nightly generation for <paramref name="asOf"/> may apply incrementally from <paramref name="mark"/>.</summary>
    private GenerationScope Decide(GenerationWatermark? mark, long registerVersion, LocalDate asOf)
    {
        if (mark is null)
        {
            return GenerationScope.Full(GenerationScopes.NoWatermark);
        }

        if (!string.Equals(mark.ConfigVersion, _config.Version, StringComparison.Ordinal))
        {
            return GenerationScope.Full(GenerationScopes.ConfigChanged);
        }

        if (mark.RegisterVersion != registerVersion)
        {
            return GenerationScope.Full(GenerationScopes.RegisterChanged);
        }

        if (asOf < mark.AsOf)
        {
            return GenerationScope.Full(GenerationScopes.AsOfMovedBack);
        }

        if (Period.Between(mark.AsOf, asOf, PeriodUnits.Days).Days > MaxIncrementalDays)
        {
            return GenerationScope.Full(GenerationScopes.Gap);
        }

        if (Period.Between(mark.FullAsOf, asOf, PeriodUnits.Days).Days >= FullEveryDays)
        {
            return GenerationScope.Full(GenerationScopes.Weekly);
        }

        if (HorizonEnd(asOf) < mark.HorizonEnd)
        {
            return GenerationScope.Full(GenerationScopes.HorizonShrank);
        }

        return new GenerationScope(true, GenerationScopes.Incremental, 0, Period.Between(mark.HorizonEnd, HorizonEnd(asOf), PeriodUnits.Days).Days);
    }

    /// <summary>
    /// The plan a full compare would make, computed from only what can have changed since <paramref name="mark"/> (same
    /// config and register, as-of on or after the mark's). Two parts, compared together (the planner decides each asset
    /// on that asset's orders alone):
    /// <list type="number">
    /// <item>Assets compared over the whole horizon, as the full apply would: those whose orders another writer changed
    /// (<paramref name="changes"/>: completions and no-access of floating visits, cancellations, any other change …), those
    /// with an open floating visit whose window ended since the mark, and those with a floating visit in the new days. A
    /// visit of a fixed schedule reported done or no-access (<see cref="PlanningChange.VisitClosed"/>) changes no plan: the
    /// order is history to the planner from then on, and nothing else the planner reads moved; so it is not compared.</item>
    /// <item>The new days at the end of the horizon (the mark's horizon end + 1 .. this one's) for every other asset and
    /// every fixed (not floating) schedule, against the stored orders aimed in them.</item>
    /// </list>
    /// Every other stored order was what the full compare wanted at the mark, and nothing it depends on has moved.
    /// The floating history is <paramref name="kept"/> (this process's from the last apply, which the mark is) brought up to
    /// date for the assets of floating schedules' changes, else read whole; it is returned as <c>Keep</c> for the next night.
    /// </summary>
    private async Task<(Plan Plan, EstateRegister Register, FloatingHistory History, FloatingHistory? Keep, TimeSpan Read, TimeSpan Compare, int Replanned, bool ReadRegister)> ComputeIncrementalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LocalDate asOf, GenerationWatermark mark, IReadOnlyList<PlanningChange> changes,
        RegisterStamp stamp, FloatingHistory? kept, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();

        // A night's statements read a few assets' rows or scan for the few that changed: compiling them (the planner's
        // estimates over a 300,000-home table put some past jit_above_cost) costs more than it saves. This transaction only.
        await NoJit.ForTransactionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        var horizonEnd = HorizonEnd(asOf);
        var floating = _config.Schedules.Where(s => s.IsFloating).Select(s => s.Id).ToArray();
        var floatingSet = new HashSet<string>(floating, StringComparer.Ordinal);
        var whole = new HashSet<string>(StringComparer.Ordinal);
        var floatingChanged = new HashSet<string>(StringComparer.Ordinal); // whose last completion may have moved
        foreach (var change in changes)
        {
            var isFloating = floatingSet.Contains(change.ScheduleId);
            if (isFloating)
            {
                floatingChanged.Add(change.AssetId);
            }

            if (isFloating || !change.VisitClosed)
            {
                whole.Add(change.AssetId);
            }
        }

        var homesOnly = _config.Schedules.Where(s => s.IsFloating).All(s => s.AppliesTo == AssetKind.Property);
        await GenerationWatermarks.AddWindowsEndedAsync(connection, transaction, floating, homesOnly, mark.AsOf, asOf, whole, cancellationToken).ConfigureAwait(false);
        var newFrom = mark.HorizonEnd.PlusDays(1);
        var newDays = newFrom <= horizonEnd;
        if (!newDays && whole.Count == 0)
        {
            // The same day again (a second node, a retry, the run at start after the nightly one) with nothing changed:
            // there is nothing to compare, so nothing is read.
            // No floating schedule's order changed (those are compared whole), so a kept history is still right.
            return (new Plan(asOf, horizonEnd, [], [], []), EstateRegister.Empty, FloatingHistory.None, kept, watch.Elapsed, TimeSpan.Zero, 0, false);
        }

        FloatingHistory history;
        if (kept is not null)
        {
            await kept.RefreshAsync(connection, transaction, floatingChanged, cancellationToken).ConfigureAwait(false);
            history = kept;
        }
        else
        {
            history = await FloatingHistory.ReadAsync(connection, transaction, _config, cancellationToken).ConfigureAwait(false);
        }

        var (register, readRegister) = await ReadRegisterAsync(connection, transaction, stamp, cancellationToken).ConfigureAwait(false);
        var read = watch.Elapsed;
        watch.Restart();
        CheckCoverage(register);

        var expander = new OccurrenceExpander(_config, _calendar);
        LocalDate? LastDone(Schedule schedule, Asset asset) => history.LastDone(schedule.Id, asset.Id);
        if (newDays)
        {
            foreach (var schedule in _config.Schedules.Where(s => s.IsFloating))
            {
                history.AddAssetsWithVisits(schedule, register, expander, newFrom, horizonEnd, asOf, kept: _registerCache is not null, whole);
            }
        }

        var desired = new List<Occurrence>();
        if (whole.Count > 0)
        {
            desired.AddRange(expander.Expand(Only(register, whole, kept: _registerCache is not null), asOf, horizonEnd, asOf, lastDone: LastDone));
        }

        if (newDays)
        {
            foreach (var schedule in _config.Schedules.Where(s => !s.IsFloating))
            {
                foreach (var occurrence in expander.Expand(register, newFrom, horizonEnd, asOf, new ExpansionFilter(schedule.Id), LastDone))
                {
                    if (!whole.Contains(occurrence.AssetId))
                    {
                        desired.Add(occurrence);
                    }
                }
            }
        }

        var expand = watch.Elapsed;
        watch.Restart();
        var stored = await StoredOrderReader.ReadScopedAsync(
            connection, transaction, asOf, whole, newDays ? mark.HorizonEnd : null, floating, StoredOrderReader.NamesOf(_config), cancellationToken).ConfigureAwait(false);
        read += watch.Elapsed;
        watch.Restart();
        var plan = Planner.Compare(_config, register, desired, stored, asOf, horizonEnd);
        return (plan, register, history, history, read, expand + watch.Elapsed, whole.Count, readRegister);
    }

    /// <summary>
    /// The part of <paramref name="register"/> whose assets have one of <paramref name="ids"/>, in register order. A register
    /// that is <paramref name="kept"/> between nights (the register cache's) is looked up by each asset's place in it, made
    /// once per register (<see cref="RegisterPositions"/>); another is scanned.
    /// </summary>
    private static EstateRegister Only(EstateRegister register, HashSet<string> ids, bool kept)
    {
        if (!kept)
        {
            return new(
                register.Areas,
                [.. register.Sites.Where(s => ids.Contains(s.Id))],
                [.. register.Blocks.Where(b => ids.Contains(b.Id))],
                [.. register.Homes.Where(h => ids.Contains(h.Id))],
                []);
        }

        var positions = RegisterPositions.Of(register);
        return new(
            register.Areas,
            RegisterPositions.Pick(register.Sites, positions.Sites, ids),
            RegisterPositions.Pick(register.Blocks, positions.Blocks, ids),
            RegisterPositions.Pick(register.Homes, positions.Homes, ids),
            []);
    }
}
