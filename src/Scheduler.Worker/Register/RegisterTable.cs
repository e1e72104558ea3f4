using System.Diagnostics.CodeAnalysis;

using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Register;

namespace Scheduler.Worker.Register;

/// <summary>
/// One register file being read: checks the header, then walks the data rows, giving each cell's trimmed text
/// and recording a <see cref="ConfigProblem"/> (with the cell's line and column) for anything wrong. A row with
/// any problem is marked <see cref="RowFailed"/> so no asset is built from it, and reading carries on.
/// Typed cell readers are in <c>RegisterTable.Cells.cs</c>.
/// </summary>
internal sealed partial class RegisterTable
{
    private readonly CsvFile _csv;
    private readonly List<ConfigProblem> _problems;
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private int _csvProblemsSeen;
    private CsvRecord _record;
    private string[] _values = [];
    private readonly RepeatedValues _repeated;

    // Per column: whether its cells are personal data (RegisterFiles.IsPersonalColumn), so no problem quotes them.
    private readonly bool[] _personal;

    private RegisterTable(CsvFile csv, string[] columns, bool[] personal, List<ConfigProblem> problems)
    {
        _csv = csv;
        _problems = problems;
        _personal = personal;
        Names = AttributeSchema.IgnoringCase(columns);
        _repeated = new RepeatedValues(columns.Length);
    }

    /// <summary>The file label used in problems.</summary>
    public string File => _csv.FileLabel;

    /// <summary>The file's column names, lower case, contract columns first.</summary>
    public AttributeSchema Names { get; }

    /// <summary>Every id in the first column so far, with the line it is on (rows with other problems included).</summary>
    public IReadOnlyDictionary<string, int> Ids => _ids;

    /// <summary>
    /// The string instance this file holds for <paramref name="id"/> (equal to it, ordinal), so rows that refer to
    /// the same row share one string; false when <paramref name="id"/> is not one of <see cref="Ids"/>.
    /// </summary>
    public bool TryGetSharedId(string id, [NotNullWhen(true)] out string? shared)
    {
        if (_ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out shared, out _))
        {
            return true;
        }

        shared = null;
        return false;
    }

    /// <summary>True when the current row had a problem.</summary>
    public bool RowFailed { get; private set; }

    /// <summary>
    /// Reads the header of <paramref name="text"/> (the register file <paramref name="fileName"/>, named
    /// <paramref name="fileLabel"/> in problems) and checks it starts with the file's contract columns.
    /// Returns null, after recording why, when the file is empty or its header is wrong: its rows are then not read.
    /// No problem quotes a cell of a personal column (<see cref="RegisterFiles.IsPersonalColumn"/>): it names the file,
    /// line, column and what is wrong.
    /// </summary>
    public static RegisterTable? Open(string fileLabel, string fileName, string text, List<ConfigProblem> problems)
    {
        var contract = RegisterFiles.ColumnsOf(fileName);

        // Until the header is read, by position: a file without its header line has a row of data there.
        var csv = new CsvFile(text, fileLabel)
        {
            Withheld = i => RegisterFiles.IsPersonalColumn(fileName, i, null),
            ColumnName = i => i < contract.Count ? contract[i] : null,
        };
        var expected = string.Join(",", contract);
        if (!csv.TryReadRecord(out var header))
        {
            // No header: either the file is empty, or its first record never ends (an unclosed quote, reported).
            problems.AddRange(csv.Problems);
            if (csv.Problems.Count > 0)
            {
                return null;
            }

            problems.Add(new ConfigProblem(
                new SourceLocation(fileLabel, 1, 1),
                "the file is empty; its first line must be the header",
                Accepted: expected));
            return null;
        }

        problems.AddRange(csv.Problems);
        var names = new string[header.Fields.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = header.Fields[i].Value.Trim().ToLowerInvariant();
        }

        // A header that does not start with the contract may be a row of data (the header line left out): then the
        // names of its extra columns are not quoted either.
        var contractOk = CheckContract(fileLabel, header, names, contract, expected, problems);
        if (!(CheckExtraNames(fileLabel, header, names, contract.Count, quoteNames: contractOk, problems) && contractOk))
        {
            return null;
        }

        var personal = new bool[names.Length];
        for (var i = 0; i < personal.Length; i++)
        {
            personal[i] = RegisterFiles.IsPersonalColumn(fileName, i, names[i]);
        }

        // A field past the header's last column (a row with too many) is nobody's column: its text is not quoted.
        csv.Withheld = i => i >= personal.Length || personal[i];
        csv.ColumnName = i => i < names.Length ? names[i] : null;
        return new RegisterTable(csv, names, personal, problems) { _csvProblemsSeen = csv.Problems.Count };
    }

    /// <summary>
    /// Moves to the next data row. A row whose number of fields differs from the header's is reported and skipped.
    /// </summary>
    public bool NextRow()
    {
        while (true)
        {
            var more = _csv.TryReadRecord(out _record);
            while (_csvProblemsSeen < _csv.Problems.Count)
            {
                _problems.Add(_csv.Problems[_csvProblemsSeen++]);
            }

            if (!more)
            {
                return false;
            }

            var fields = _record.Fields;
            if (fields.Count != Names.Names.Length)
            {
                ReportFieldCount();
                continue;
            }

            RowFailed = false;
            // A value that repeats down its column (not the id) is one instance for every row that keeps it.
            _values = new string[fields.Count];
            for (var i = 0; i < _values.Length; i++)
            {
                var value = fields[i].Value.Trim();
                _values[i] = i == 0 ? value : _repeated.Share(i, value);
            }

            return true;
        }
    }

    /// <summary>The trimmed text of column <paramref name="column"/>; empty when the cell is empty.</summary>
    public string Text(int column) => _values[column];

    /// <summary>The lower-case header name of <paramref name="column"/>.</summary>
    public string Name(int column) => Names.Names[column];

    /// <summary>Every column of the current row by name, for an asset's <c>Attributes</c>.</summary>
    public IReadOnlyDictionary<string, string> Attributes() => new AttributeDictionary(Names, _values);

    /// <summary>Where the current row's cell in <paramref name="column"/> starts.</summary>
    public SourceLocation Location(int column)
    {
        var field = _record.Fields[column];
        return new SourceLocation(File, field.Line, field.Column);
    }

    /// <summary>
    /// Records a problem in <paramref name="column"/> of the current row and marks the row failed. The cell's text
    /// (<paramref name="value"/>) is quoted unless the column is personal (<see cref="IsPersonal"/>): then the problem
    /// says it is not shown, and <paramref name="message"/> must say what is wrong without it.
    /// </summary>
    public void Fail(int column, string message, string? value = null, string? accepted = null)
    {
        RowFailed = true;
        _problems.Add(value is not null && _personal[column]
            ? new ConfigProblem(Location(column), message + CsvFile.NotShown, null, accepted)
            : new ConfigProblem(Location(column), message, value, accepted));
    }

    /// <summary>Whether <paramref name="column"/>'s cells are personal data, never quoted in a problem (<see cref="RegisterFiles.IsPersonalColumn"/>).</summary>
    public bool IsPersonal(int column) => _personal[column];

    /// <summary>
    /// The row's id (column 1): required and unique within the file. Returns null (row failed) otherwise; a
    /// duplicate is reported at the second occurrence, naming the line of the first.
    /// </summary>
    public string? Id()
    {
        var id = _values[0];
        if (id.Length == 0)
        {
            Fail(0, $"{Name(0)} is empty; every row needs an id");
            return null;
        }

        if (!_ids.TryAdd(id, _record.Line))
        {
            Fail(0, $"{Name(0)} '{id}' is already used on line {_ids[id]}; ids must be unique in {Path.GetFileName(File)}", id);
            return null;
        }

        return id;
    }

    private static bool CheckContract(
        string fileLabel, CsvRecord header, string[] names, IReadOnlyList<string> contract, string expected, List<ConfigProblem> problems)
    {
        for (var i = 0; i < contract.Count; i++)
        {
            if (i < names.Length && names[i] == contract[i])
            {
                continue;
            }

            var column = i < names.Length ? header.Fields[i].Column : header.EndColumn;
            var what = i < names.Length ? $"column {i + 1} is '{names[i]}' but should be '{contract[i]}'" : $"column '{contract[i]}' is missing";

            // The header as far as the first column that differs: the rest may be a row of data (a file whose header
            // line was left out starts with a tenant's or a home's row, and its first field, an id, already differs).
            var found = i + 1 < names.Length ? string.Join(",", names.Take(i + 1)) + ",…" : string.Join(",", names);
            problems.Add(new ConfigProblem(
                new SourceLocation(fileLabel, header.Line, column),
                $"the header must start with the columns {expected} in this order ({what})",
                found,
                expected + " (more columns may follow)"));
            return false;
        }

        return true;
    }

    private static bool CheckExtraNames(string fileLabel, CsvRecord header, string[] names, int contractCount, bool quoteNames, List<ConfigProblem> problems)
    {
        var ok = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var location = new SourceLocation(fileLabel, header.Line, header.Fields[i].Column);
            if (names[i].Length == 0)
            {
                problems.Add(new ConfigProblem(location, $"column {i + 1} has no name in the header; every column needs one"));
                ok = false;
            }
            else if (!seen.Add(names[i]) && i >= contractCount)
            {
                problems.Add(quoteNames
                    ? new ConfigProblem(location, $"column '{names[i]}' appears twice in the header", names[i])
                    : new ConfigProblem(location, $"column {i + 1} has the same name as an earlier column of the header{CsvFile.NotShown}"));
                ok = false;
            }
        }

        return ok;
    }

    private void ReportFieldCount()
    {
        var fields = _record.Fields;

        // The row is not read, but its id still counts, so rows that refer to it are not reported as well.
        var id = fields[0].Value.Trim();
        if (id.Length > 0)
        {
            _ids.TryAdd(id, _record.Line);
        }

        var expected = Names.Names.Length;
        var location = fields.Count < expected
            ? new SourceLocation(File, _record.EndLine, _record.EndColumn)
            : new SourceLocation(File, fields[expected].Line, fields[expected].Column);
        _problems.Add(new ConfigProblem(
            location,
            $"this row has {fields.Count} fields but the header has {expected} columns",
            Accepted: $"{expected} fields separated by commas; quote a value that contains a comma"));
    }
}
