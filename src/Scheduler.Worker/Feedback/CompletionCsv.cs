using NodaTime.Text;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// Reads a completions CSV (RFC 4180, through <see cref="CsvFile"/>): a header naming the columns
/// <c>reference,contractor,date,outcome</c> and optionally <c>category</c> and <c>note</c>, in any order, then one visit
/// a row. Every problem that makes the file unreadable (a bad quote, a missing or unknown column, a bad date, outcome or
/// category, a missing value) is reported at its file, line and column; then no row at all may be recorded. No problem
/// quotes a note (a contractor's free text about a home: personal data), nor a first line that names no column (a file
/// whose header line was left out starts with a visit's row, its note included).
/// </summary>
internal static class CompletionCsv
{
    /// <summary>Columns every file must have.</summary>
    public static readonly string[] RequiredColumns = ["reference", "contractor", "date", "outcome"];

    /// <summary>Columns a file may have.</summary>
    public static readonly string[] OptionalColumns = ["category", "note"];

    // The columns whose text a problem may quote: references, ids, dates, outcomes and categories (not the note).
    private static readonly string[] Quotable = ["reference", "contractor", "date", "outcome", "category"];

    /// <summary>The rows, or the problems (non-empty means: record nothing).</summary>
    public static (IReadOnlyList<CompletionCsvRow> Rows, IReadOnlyList<ConfigProblem> Problems) Read(string text, string fileLabel)
    {
        // The header's fields are not quoted in a syntax problem (it may be a row, its note included); after it, only
        // the known columns but the note are (not a column the header does not know, nor a field past its last).
        var file = new CsvFile(text, fileLabel) { Withheld = static _ => true };
        var records = new List<CsvRecord>();
        if (file.TryReadRecord(out var first))
        {
            records.Add(first);
            var names = first.Fields.Select(f => f.Value.Trim().ToLowerInvariant()).ToList();
            file.Withheld = i => i >= names.Count || !Quotable.Contains(names[i]);
            file.ColumnName = i => i < names.Count && (RequiredColumns.Contains(names[i]) || OptionalColumns.Contains(names[i])) ? names[i] : null;
            while (file.TryReadRecord(out var record))
            {
                records.Add(record);
            }
        }

        var problems = file.Problems.ToList();
        var rows = new List<CompletionCsvRow>();
        if (records.Count == 0)
        {
            problems.Add(new ConfigProblem(new SourceLocation(fileLabel, 1, 1), $"The file is empty: it needs a header ({string.Join(",", RequiredColumns.Concat(OptionalColumns))}) and a row per visit."));
            return (rows, problems);
        }

        var columns = Header(records[0], fileLabel, problems);
        if (columns is null)
        {
            return (rows, problems);
        }

        foreach (var record in records.Skip(1))
        {
            if (Row(record, columns, fileLabel, problems) is { } row)
            {
                rows.Add(row);
            }
        }

        return (rows, problems);
    }

    private static Dictionary<string, int>? Header(CsvRecord header, string file, List<ConfigProblem> problems)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = problems.Count;
        if (!header.Fields.Any(f => RequiredColumns.Contains(f.Value.Trim().ToLowerInvariant()) || OptionalColumns.Contains(f.Value.Trim().ToLowerInvariant())))
        {
            // Not one known column: a row of data, not a header (its fields, a note among them, are not quoted).
            problems.Add(new ConfigProblem(new SourceLocation(file, header.Line, 1),
                $"the first line names none of the columns, so it is not a header (is the header line missing?){CsvFile.NotShown}",
                Accepted: $"a first line naming the columns, e.g. {string.Join(",", RequiredColumns.Concat(OptionalColumns))}"));
            return null;
        }

        for (var i = 0; i < header.Fields.Count; i++)
        {
            var field = header.Fields[i];
            var name = field.Value.Trim().ToLowerInvariant();
            if (!RequiredColumns.Contains(name) && !OptionalColumns.Contains(name))
            {
                problems.Add(new ConfigProblem(new SourceLocation(file, field.Line, field.Column), $"'{field.Value}' is not a column of a completions file",
                    field.Value, string.Join(", ", RequiredColumns.Concat(OptionalColumns))));
            }
            else if (!columns.TryAdd(name, i))
            {
                problems.Add(new ConfigProblem(new SourceLocation(file, field.Line, field.Column), $"the column '{name}' is named twice"));
            }
        }

        foreach (var missing in RequiredColumns.Where(c => !columns.ContainsKey(c)))
        {
            problems.Add(new ConfigProblem(new SourceLocation(file, header.Line, 1), $"the header has no '{missing}' column"));
        }

        return problems.Count == before ? columns : null;
    }

    private static CompletionCsvRow? Row(CsvRecord record, Dictionary<string, int> columns, string file, List<ConfigProblem> problems)
    {
        var before = problems.Count;
        string? Cell(string column, bool required)
        {
            if (!columns.TryGetValue(column, out var index))
            {
                return null;
            }

            if (index >= record.Fields.Count)
            {
                problems.Add(new ConfigProblem(new SourceLocation(file, record.EndLine, record.EndColumn),
                    $"the row has {record.Fields.Count} field(s); the header has {columns.Values.Max() + 1}, so '{column}' is missing"));
                return null;
            }

            var value = record.Fields[index].Value.Trim();
            if (required && value.Length == 0)
            {
                var f = record.Fields[index];
                problems.Add(new ConfigProblem(new SourceLocation(file, f.Line, f.Column), $"'{column}' is empty"));
                return null;
            }

            return value.Length == 0 ? null : value;
        }

        SourceLocation At(string column) => columns.TryGetValue(column, out var i) && i < record.Fields.Count
            ? new SourceLocation(file, record.Fields[i].Line, record.Fields[i].Column)
            : new SourceLocation(file, record.Line, 1);

        var reference = Cell("reference", true);
        var contractor = Cell("contractor", true);
        var dateText = Cell("date", true);
        var outcomeText = Cell("outcome", true);
        var category = Cell("category", false);
        var note = Cell("note", false);

        NodaTime.LocalDate date = default;
        if (dateText is not null)
        {
            var parsed = LocalDatePattern.Iso.Parse(dateText);
            if (parsed.Success)
            {
                date = parsed.Value;
            }
            else
            {
                problems.Add(new ConfigProblem(At("date"), "the date is not a date", dateText, "yyyy-MM-dd, e.g. 2027-03-04"));
            }
        }

        var outcome = VisitOutcomes.Parse(outcomeText);
        if (outcomeText is not null && outcome is null)
        {
            problems.Add(new ConfigProblem(At("outcome"), "the outcome is not known", outcomeText, VisitOutcomes.Accepted));
        }

        if (category is not null && !DefectCategories.TryParse(category, out _))
        {
            problems.Add(new ConfigProblem(At("category"), "the category is not a defect category", category, DefectCategories.AcceptedText));
        }

        if (record.Fields.Count > columns.Values.Max() + 1)
        {
            var extra = record.Fields[columns.Values.Max() + 1];
            problems.Add(new ConfigProblem(new SourceLocation(file, extra.Line, extra.Column),
                $"the row has {record.Fields.Count} fields; the header has {columns.Values.Max() + 1}"));
        }

        return problems.Count > before || reference is null || contractor is null || outcome is null
            ? null
            : new CompletionCsvRow(record.Line, new CompletionReport(reference, contractor, outcome.Value, date, CompletionSources.Csv, category, note));
    }
}
