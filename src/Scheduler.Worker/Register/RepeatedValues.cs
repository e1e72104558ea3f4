namespace Scheduler.Worker.Register;

/// <summary>
/// Keeps one instance of each value that repeats down a column of a register file (a year, <c>true</c>, a bedroom
/// count, a condition score), so the rows' attributes do not hold hundreds of thousands of copies of a few words (at
/// 300,000 homes: ~140 MB of the loaded register). A column with more than <see cref="MaxDistinct"/> different values
/// (addresses, ids, phone numbers) is taken for one whose values do not repeat: it is no longer looked up, and its
/// values are kept as read.
/// </summary>
internal sealed class RepeatedValues(int columns)
{
    /// <summary>Different values a column may have and still be shared.</summary>
    public const int MaxDistinct = 4096;

    private readonly Dictionary<string, string>?[] _columns = new Dictionary<string, string>?[columns];
    private readonly bool[] _unique = new bool[columns];

    /// <summary>The instance kept for <paramref name="value"/> in <paramref name="column"/> (<paramref name="value"/> itself the first time, or when the column does not repeat).</summary>
    public string Share(int column, string value)
    {
        if (_unique[column] || value.Length == 0)
        {
            return value;
        }

        var values = _columns[column] ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (values.Count == MaxDistinct)
        {
            _unique[column] = true;
            _columns[column] = null;
            return value;
        }

        values[value] = value;
        return value;
    }
}
