using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// The homes a floating schedule applies to, grouped by the date their projection counts from (the later of the
/// history's last effective completion and the register's <c>last_gas_check</c>, <see cref="FloatingRule.CountsFrom"/>)
/// and whether their letters go by post (<see cref="Home.LettersByPost"/>): what an incremental night needs to find the homes
/// whose floating projection has a visit in the new days without projecting every home (docs/database.md, "What the
/// incremental compare reads"). A projection depends on that date and that flag alone (the rule, the range and as-of being the
/// night's; the flag moves an urgent visit's day, docs/gas-safety.md, The urgent visit's day), so one home of each group is
/// expanded, and the group's homes are those of its visits. Kept with the
/// <see cref="FloatingHistory"/> it was made from and brought up to date with it (<see cref="Update"/>); made for one
/// register (the kept one: an incremental night's register is the one the last apply used, same version, so its homes' flags
/// are the ones grouped by). Memory: the
/// ids (the register's strings) in one set per date, ~16 bytes a gas home (~4–5 MB at 300,000 homes).
/// </summary>
internal sealed class FloatingProjectionIndex
{
    private readonly Schedule _schedule;
    private readonly Dictionary<(LocalDate? Last, bool ByPost), HashSet<string>> _byLast = [];

    private FloatingProjectionIndex(EstateRegister register, Schedule schedule)
    {
        Register = register;
        _schedule = schedule;
    }

    /// <summary>The register the index was made for.</summary>
    public EstateRegister Register { get; }

    /// <summary>
    /// Whether an index can stand for <paramref name="schedule"/>'s expansion: a floating schedule of homes that counts from
    /// the register's <c>last_gas_check</c> when nothing is stored (as the shipped gas safety schedule does). Any other
    /// floating schedule is expanded over the register as before.
    /// </summary>
    public static bool Serves(Schedule schedule) =>
        schedule.AppliesTo == AssetKind.Property
        && schedule.Recurrence.OfType<FloatingRule>().FirstOrDefault() is { } rule
        && string.Equals(rule.LastDoneColumn, FloatingRule.DefaultLastDoneColumn, StringComparison.Ordinal);

    /// <summary>
    /// The homes of <paramref name="register"/> that <paramref name="schedule"/> applies to (its kind and <c>where</c>, as the
    /// expander selects them), by the date each counts from: the later of <paramref name="lastDone"/> and the home's
    /// <c>last_gas_check</c>. A register that changes is a new register (any write raises <c>register_version</c>, and the
    /// next generation reads it again and applies in full): an index is rebuilt for it, never moved.
    /// </summary>
    public static FloatingProjectionIndex Build(EstateRegister register, Schedule schedule, Func<string, string, LocalDate?> lastDone)
    {
        var homes = register.Homes;
        var index = new FloatingProjectionIndex(register, schedule);
        for (var i = 0; i < homes.Count; i++)
        {
            var home = homes[i];
            if (home.Matches(schedule.Where))
            {
                index.Bucket(FloatingRule.CountsFrom(lastDone(schedule.Id, home.Id), home.LastGasCheck), home.LettersByPost).Add(home.Id);
            }
        }

        return index;
    }

    /// <summary>
    /// Moves the homes of <paramref name="moved"/> (those of this schedule whose history changed since the index was last
    /// brought up to date, with the history's date for each then: null when it had none) to the date
    /// <paramref name="lastDone"/> now gives them. A home the schedule does not apply to is in no group, and stays out.
    /// </summary>
    public void Update(IEnumerable<(string AssetId, LocalDate? WasDone)> moved, Func<string, string, LocalDate?> lastDone)
    {
        var positions = RegisterPositions.Of(Register);
        foreach (var (asset, wasDone) in moved)
        {
            if (RegisterPositions.IndexOf(Register.Homes, positions.Homes, asset) is not (var at and >= 0))
            {
                continue;
            }

            var home = Register.Homes[at];
            var was = FloatingRule.CountsFrom(wasDone, home.LastGasCheck);
            var now = FloatingRule.CountsFrom(lastDone(_schedule.Id, asset), home.LastGasCheck);
            if (was != now && Bucket(was, home.LettersByPost).Remove(asset))
            {
                Bucket(now, home.LettersByPost).Add(asset);
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="into"/> every home with a visit of the schedule whose target is in
    /// <paramref name="from"/>..<paramref name="to"/>: the ids the expander would give expanding the whole register
    /// for this schedule over that range. One home of each date is expanded (with <paramref name="lastDone"/>, as the
    /// whole expansion would); a date with a visit brings all its homes.
    /// </summary>
    public void AddHomesWithVisits(
        OccurrenceExpander expander, LocalDate from, LocalDate to, LocalDate asOf, Func<Schedule, Asset, LocalDate?> lastDone, ISet<string> into)
    {
        var positions = RegisterPositions.Of(Register);
        var representatives = new List<Home>(_byLast.Count);
        var members = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var bucket in _byLast.Values)
        {
            if (bucket.Count > 0)
            {
                var first = bucket.First();
                representatives.Add(Register.Homes[RegisterPositions.IndexOf(Register.Homes, positions.Homes, first)]);
                members.Add(first, bucket);
            }
        }

        var few = new EstateRegister(Register.Areas, [], [], representatives, []);
        foreach (var occurrence in expander.Expand(few, from, to, asOf, new ExpansionFilter(_schedule.Id), lastDone))
        {
            if (members.Remove(occurrence.AssetId, out var homes))
            {
                into.UnionWith(homes);
            }
        }
    }

    private HashSet<string> Bucket(LocalDate? last, bool byPost)
    {
        if (!_byLast.TryGetValue((last, byPost), out var bucket))
        {
            bucket = new HashSet<string>(StringComparer.Ordinal);
            _byLast.Add((last, byPost), bucket);
        }

        return bucket;
    }
}
