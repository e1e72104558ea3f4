namespace Scheduler.Persistence.Register;

/// <summary>
/// What one read of the register shares between its rows: strings that repeat (ids many rows refer to, postcodes,
/// attribute names, short attribute values such as <c>true</c> or a year) are kept once, and rows with the same
/// attribute names share one <see cref="AttributeSchema"/>. One instance per read, used from one thread; garbage with
/// the read. (It replaced a process-wide cache capped at 20,000 strings, which a register's first 20,000 unique ids
/// filled, after which nothing was shared: 300,000 homes then held a copy of every column name and short value per
/// home, ~340 MB of duplicate strings through every apply.)
/// </summary>
internal sealed class AttributeReading
{
    /// <summary>Attribute values longer than this are not added to the table (addresses, notes: they rarely repeat).</summary>
    private const int MaxSharedLength = 24;

    /// <summary>Distinct attribute-name sets kept; past this (a register whose rows all differ) each row gets its own.</summary>
    private const int MaxSchemas = 64;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly List<AttributeSchema> _schemas = [];
    private readonly List<string> _names = [];
    private readonly List<string> _values = [];
    private readonly string?[] _typed = new string?[4];
    private int _typedCount;
    private AttributeSchema? _last;

    /// <summary>The one instance of <paramref name="value"/> in this read (added to the table on first sight, whatever its length).</summary>
    public string Share(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        _strings[value] = value;
        return value;
    }

    /// <summary>
    /// Starts a row's attributes. <paramref name="typed"/> are the row's own strings already held by its typed members
    /// (its id, its address): an attribute value equal to one of them is that instance, not a copy.
    /// </summary>
    public void BeginRow(params ReadOnlySpan<string?> typed)
    {
        _names.Clear();
        _values.Clear();
        _typedCount = 0;
        foreach (var value in typed)
        {
            if (value is not null && _typedCount < _typed.Length)
            {
                _typed[_typedCount++] = value;
            }
        }
    }

    /// <summary>Adds one attribute of the current row.</summary>
    public void Add(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        _names.Add(Lookup(name) ?? Share(new string(name)));
        _values.Add(Value(value));
    }

    /// <summary>Adds one attribute of the current row (names and values from a JSON reader that unescaped them).</summary>
    public void Add(string name, string value)
    {
        _names.Add(Share(name));
        _values.Add(Value(value));
    }

    /// <summary>
    /// The current row's attributes: names from a shared <see cref="AttributeSchema"/>, values in an array. A name given
    /// twice (never from jsonb, which keeps one of each) keeps its last value, as a dictionary would.
    /// </summary>
    public IReadOnlyDictionary<string, string> EndRow()
    {
        var schema = _last is not null && _last.Is(_names) ? _last : Find();
        if (schema is null)
        {
            var repeated = new Dictionary<string, string>(_names.Count, StringComparer.Ordinal);
            for (var i = 0; i < _names.Count; i++)
            {
                repeated[_names[i]] = _values[i];
            }

            return repeated;
        }

        _last = schema;
        return new AttributeDictionary(schema, [.. _values]);
    }

    private AttributeSchema? Find()
    {
        foreach (var known in _schemas)
        {
            if (known.Is(_names))
            {
                return known;
            }
        }

        var schema = AttributeSchema.TryCreate([.. _names]);
        if (schema is not null && _schemas.Count < MaxSchemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    private string Value(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < _typedCount; i++)
        {
            if (value.SequenceEqual(_typed[i]))
            {
                return _typed[i]!;
            }
        }

        if (Lookup(value) is { } shared)
        {
            return shared;
        }

        var made = new string(value);
        if (made.Length <= MaxSharedLength)
        {
            _strings[made] = made;
        }

        return made;
    }

    private string? Lookup(ReadOnlySpan<char> text) =>
        _strings.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var shared) ? shared : null;
}
