using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// The planning register (areas, sites, blocks and homes, no tenants) a long-running process last read, kept between
/// nights so that the nightly generation does not read the whole register again while nothing in it has changed
/// (docs/database.md, "The nightly generation"). One entry: the register as of one <c>register_version</c> of one database
/// (its <c>pg_database</c> oid). Every statement that writes <c>areas</c>, <c>sites</c>, <c>blocks</c> or <c>homes</c>
/// raises that version in the writer's transaction (whichever process writes), so an entry is used only while the
/// database's version is still the one it was read at; any import, here or on another node, makes the next generation
/// read the register again and replace the entry. The entry is labelled with the version read under the apply's lock
/// <em>before</em> the register was read, so a write that commits in between leaves an entry labelled with a version the
/// database has already moved past: never used.
/// </summary>
/// <remarks>
/// Per process and per data source: make one for the data source the generation runs on and pass the same instance to
/// every <see cref="WorkOrderGeneration"/> made on it (the worker registers one; a process that applies once needs
/// none). The database decides everything else: two nodes each keep their own entry, and the advisory lock and the
/// watermark decide what each applies. Memory: one register (at 300,000 homes about 150 MB, the size of one read), held
/// until replaced or <see cref="Clear"/>ed. Thread-safe.
/// <para>It also keeps the floating schedules' history (the last completion of each gas home, <c>FloatingHistory</c>) the
/// last apply of this process used, labelled with the token that apply wrote into the watermark: the next night uses it,
/// re-reading only the assets whose orders changed since (<c>planning_changes</c>), while the watermark still carries
/// that token (no other apply, on any node, ran in between: each writes a new one) and the configuration is the same.
/// Otherwise the history is read whole, as before. At 300,000 homes it is ~264,000 entries (~25 MB).</para>
/// </remarks>
public sealed class PlanningRegisterCache
{
    private readonly Lock _gate = new();
    private Entry? _entry;
    private KeptHistory? _history;
    private (uint Database, int[] Rows)? _storedRows;
    private long _hits;
    private long _misses;
    private long _historyHits;
    private long _historyMisses;

    /// <summary>Generations that used the kept register instead of reading it.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Generations that read the register (none kept, or kept for another version or database).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Incremental nights that used the floating history kept from this process's last apply (re-reading only changed assets).</summary>
    public long HistoryHits => Interlocked.Read(ref _historyHits);

    /// <summary>Incremental nights that read the floating history whole (none kept, or another apply ran since, or another configuration).</summary>
    public long HistoryMisses => Interlocked.Read(ref _historyMisses);

    /// <summary>The register version of the entry kept, or null when none is.</summary>
    public long? Version
    {
        get
        {
            lock (_gate)
            {
                return _entry?.Version;
            }
        }
    }

    /// <summary>Drops the register and the floating history kept (the next generation reads them).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entry = null;
            _history = null;
        }
    }

    /// <summary>
    /// Takes out the floating history kept by the apply that wrote <paramref name="token"/> into database
    /// <paramref name="database"/>'s watermark with the configuration of <paramref name="configVersion"/>, or null. Whatever
    /// was kept is dropped either way: the caller keeps the history it used after its own apply commits.
    /// </summary>
    internal FloatingHistory? TakeHistory(uint database, Guid? token, string configVersion)
    {
        lock (_gate)
        {
            var kept = _history;
            _history = null;
            if (kept is not null && token is { } t && kept.Database == database && kept.Token == t
                && string.Equals(kept.ConfigVersion, configVersion, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _historyHits);
                return kept.History;
            }

            Interlocked.Increment(ref _historyMisses);
            return null;
        }
    }

    /// <summary>
    /// Takes out the floating history kept for database <paramref name="database"/> with the configuration of
    /// <paramref name="configVersion"/>, whichever apply kept it, or null: for a full compare that read the history whole to
    /// take over what can be kept of it (<c>FloatingHistory.TakeIndexesOf</c>). Not counted as a hit or a miss.
    /// </summary>
    internal FloatingHistory? TakeHistoryToReplace(uint database, string configVersion)
    {
        lock (_gate)
        {
            var kept = _history;
            if (kept is not null && kept.Database == database && string.Equals(kept.ConfigVersion, configVersion, StringComparison.Ordinal))
            {
                _history = null;
                return kept.History;
            }

            return null;
        }
    }

    /// <summary>Keeps <paramref name="history"/>, as of the committed apply that wrote <paramref name="token"/>, in place of what was kept.</summary>
    internal void KeepHistory(uint database, Guid token, string configVersion, FloatingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        lock (_gate)
        {
            _history = new KeptHistory(database, token, configVersion, history);
        }
    }

    /// <summary>
    /// The rows each part of the last full compare's read of database <paramref name="database"/>'s stored orders held
    /// (<c>StoredOrderReader.ReadInPartsAsync</c>), or null: the next full read makes room for as many at once.
    /// </summary>
    internal int[]? StoredRows(uint database)
    {
        lock (_gate)
        {
            return _storedRows is { } kept && kept.Database == database ? kept.Rows : null;
        }
    }

    /// <summary>Keeps the rows each part of a full compare's read of database <paramref name="database"/> held (<see cref="StoredRows"/>).</summary>
    internal void KeepStoredRows(uint database, int[] rows)
    {
        lock (_gate)
        {
            _storedRows = (database, rows);
        }
    }

    /// <summary>The register kept for <paramref name="stamp"/>, or null, not counted as a hit or a miss (<see cref="Find"/> counts).</summary>
    internal EstateRegister? Kept(RegisterStamp stamp)
    {
        lock (_gate)
        {
            return _entry is { } entry && entry.Stamp == stamp ? entry.Register : null;
        }
    }

    /// <summary>The register kept for <paramref name="stamp"/>, or null (counted as a hit or a miss).</summary>
    internal EstateRegister? Find(RegisterStamp stamp)
    {
        lock (_gate)
        {
            if (_entry is { } entry && entry.Stamp == stamp)
            {
                Interlocked.Increment(ref _hits);
                return entry.Register;
            }

            Interlocked.Increment(ref _misses);
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="register"/> (the one kept) was found covered by the configuration of
    /// <paramref name="configVersion"/> (<c>ConfigurationRules.CheckCoverage</c>: every schedule's area served by exactly one
    /// contractor): the same register and the same configuration give the same answer, so a night need not check again.
    /// </summary>
    internal bool Covered(EstateRegister register, string configVersion)
    {
        lock (_gate)
        {
            return _entry is { } entry && ReferenceEquals(entry.Register, register) && entry.CoveredFor.Contains(configVersion);
        }
    }

    /// <summary>Records that <paramref name="register"/>, if it is the one kept, is covered by the configuration of <paramref name="configVersion"/>.</summary>
    internal void MarkCovered(EstateRegister register, string configVersion)
    {
        lock (_gate)
        {
            if (_entry is { } entry && ReferenceEquals(entry.Register, register))
            {
                entry.CoveredFor.Add(configVersion);
            }
        }
    }

    /// <summary>Keeps <paramref name="register"/>, read after <paramref name="stamp"/> was, in place of what was kept.</summary>
    internal void Keep(RegisterStamp stamp, EstateRegister register)
    {
        ArgumentNullException.ThrowIfNull(register);
        lock (_gate)
        {
            _entry = new Entry(stamp, register);
        }
    }

    private sealed record KeptHistory(uint Database, Guid Token, string ConfigVersion, FloatingHistory History);

    private sealed record Entry(RegisterStamp Stamp, EstateRegister Register)
    {
        public long Version => Stamp.Version;

        /// <summary>The configuration versions found to cover this register (a handful at most: one per config change).</summary>
        public HashSet<string> CoveredFor { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>Which register a read saw: the database (its <c>pg_database</c> oid) and its <c>register_version</c>.</summary>
/// <param name="Database">The database's oid (a dropped and re-created database has a new one).</param>
/// <param name="Version">The register version (-1 when the database has none).</param>
internal readonly record struct RegisterStamp(uint Database, long Version);
