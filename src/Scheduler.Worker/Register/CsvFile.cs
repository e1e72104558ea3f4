using System.Buffers;
using System.Text;

using Scheduler.Domain;
using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Register;

/// <summary>
/// Reads the text of one CSV file (RFC 4180) record by record, keeping the line and column of every field so a
/// problem can be reported where the user edits it.
/// </summary>
/// <remarks>
/// <para>
/// Fields are separated by commas and records by CRLF, LF or a lone CR. A field that starts with a quote runs
/// to the matching closing quote and may contain commas, line breaks (kept as they are in the text) and doubled
/// quotes (read as one quote). A UTF-8 byte-order mark at the start is skipped. A line with no characters at
/// all is not a record (so a trailing line break or blank lines between records are harmless). Values are not
/// trimmed: that is the reader of the fields' business.
/// </para>
/// <para>
/// Malformed text is never an exception: it becomes a <see cref="ConfigProblem"/> in <see cref="Problems"/>.
/// A quote inside an unquoted field, or text after a closing quote, is reported and the text is kept in the
/// field; a quote that is never closed is reported at the opening quote and ends the file (the unfinished
/// record is not returned).
/// </para>
/// </remarks>
public sealed class CsvFile
{
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\"");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");
    private static readonly SearchValues<char> FieldEnds = SearchValues.Create(",\r\n");

    private readonly string _text;
    private readonly List<CsvField> _fields = new(16);
    private readonly List<ConfigProblem> _problems = [];
    private StringBuilder? _builder;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    /// <summary>Starts reading <paramref name="text"/>; <paramref name="fileLabel"/> names the file in problems.</summary>
    public CsvFile(string text, string fileLabel)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileLabel);
        _text = text;
        FileLabel = fileLabel;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _pos = 1;
            _lineStart = 1;
        }
    }

    /// <summary>The file name used in every problem's location.</summary>
    public string FileLabel { get; }

    /// <summary>
    /// What a problem says instead of quoting a cell of personal data (a tenant's name, email address or phone number, a
    /// home's address, a contractor's note): the file, line and column find the cell; its text stays out of the output.
    /// </summary>
    public const string NotShown = " (its text is not shown: personal data)";

    /// <summary>
    /// Which fields hold personal data, by their index in the record (0 is the first): a syntax problem in one (a stray
    /// quote, text after a closing quote) names where it is, never the field's text (<see cref="NotShown"/>). Null (the
    /// default): every field's text may be quoted. A reader may change it between records (once it has read the header).
    /// </summary>
    public Func<int, bool>? Withheld { get; set; }

    /// <summary>
    /// The name of the column a field is in, by its index in the record, for a syntax problem to say which cell it is in
    /// (<c>name: a quote inside a field …</c>); null (the default), or a null name, leaves it out.
    /// </summary>
    public Func<int, string?>? ColumnName { get; set; }

    /// <summary>Syntax problems found in the records read so far, in the order found.</summary>
    public IReadOnlyList<ConfigProblem> Problems => _problems;

    /// <summary>Reads the whole text at once (header included) and returns every record in order.</summary>
    public static (IReadOnlyList<CsvRecord> Records, IReadOnlyList<ConfigProblem> Problems) ReadAll(string text, string fileLabel)
    {
        var file = new CsvFile(text, fileLabel);
        var records = new List<CsvRecord>();
        while (file.TryReadRecord(out var record))
        {
            records.Add(record);
        }

        return (records, file.Problems);
    }

    /// <summary>Reads the next record; false at the end of the text (or after an unclosed quote).</summary>
    public bool TryReadRecord(out CsvRecord record)
    {
        SkipBlankLines();
        if (_pos >= _text.Length)
        {
            record = default;
            return false;
        }

        var recordLine = _line;
        _fields.Clear();
        while (true)
        {
            var fieldLine = _line;
            var fieldColumn = Column(_pos);
            string value;
            if (_text[_pos] == '"')
            {
                if (!TryReadQuoted(out value))
                {
                    _problems.Add(new ConfigProblem(
                        new SourceLocation(FileLabel, fieldLine, fieldColumn),
                        "this quoted field has no closing quote, so the rest of the file cannot be read",
                        Accepted: "a field that starts with \" ends with \"; write a quote inside it as \"\""));
                    _pos = _text.Length;
                    record = default;
                    return false;
                }
            }
            else
            {
                value = ReadUnquoted();
            }

            ReportControlCharacter(value, fieldLine, fieldColumn);
            _fields.Add(new CsvField(value, fieldLine, fieldColumn));
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                _pos++;
                if (_pos >= _text.Length)
                {
                    // A comma at the very end of the text still opens one last, empty field.
                    _fields.Add(new CsvField(string.Empty, _line, Column(_pos)));
                    break;
                }

                continue;
            }

            break;
        }

        record = new CsvRecord(_fields.ToArray(), recordLine, _line, Column(_pos));
        SkipLineBreak();
        return true;
    }

    private int Column(int index) => index - _lineStart + 1;

    /// <summary>
    /// Reports a control character (other than tab and line breaks) in a field: it is never meant (a spreadsheet or
    /// a bad paste put it there), it is invisible when the file is opened, and PostgreSQL refuses U+0000 in text.
    /// </summary>
    private void ReportControlCharacter(string value, int fieldLine, int fieldColumn)
    {
        var index = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        while (index >= 0 && value[index] is '\t' or '\r' or '\n')
        {
            var next = value.AsSpan(index + 1).IndexOfAnyInRange('\0', '\u001f');
            index = next < 0 ? -1 : index + 1 + next;
        }

        if (index >= 0)
        {
            _problems.Add(new ConfigProblem(
                new SourceLocation(FileLabel, fieldLine, fieldColumn),
                $"this field holds an invisible control character (U+{(int)value[index]:X4}) at its character {index + 1}",
                Accepted: "plain text: remove the character (re-type the field, or save the file again as CSV UTF-8)"));
        }
    }

    private void SkipBlankLines()
    {
        while (_pos < _text.Length && _text[_pos] is '\r' or '\n')
        {
            SkipLineBreak();
        }
    }

    /// <summary>Consumes one CRLF, LF or CR at <see cref="_pos"/> if there is one.</summary>
    private void SkipLineBreak()
    {
        if (_pos >= _text.Length)
        {
            return;
        }

        var c = _text[_pos];
        if (c == '\r')
        {
            _pos += _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
        }
        else if (c == '\n')
        {
            _pos++;
        }
        else
        {
            return;
        }

        _line++;
        _lineStart = _pos;
    }

    private string ReadUnquoted()
    {
        var start = _pos;
        var reported = false;
        while (true)
        {
            var offset = _text.AsSpan(_pos).IndexOfAny(UnquotedStops);
            if (offset < 0)
            {
                _pos = _text.Length;
                break;
            }

            _pos += offset;
            if (_text[_pos] != '"')
            {
                break;
            }

            if (!reported)
            {
                reported = true;
                var withheld = IsWithheld();
                _problems.Add(new ConfigProblem(
                    new SourceLocation(FileLabel, _line, Column(_pos)),
                    $"{InColumn()}a quote inside a field that does not start with a quote{(withheld ? NotShown : string.Empty)}",
                    withheld ? null : _text[start.._pos] + "\"",
                    "put the whole field in quotes and double the quote inside it, e.g. \"12\"\" pipe\""));
            }

            _pos++;
        }

        return _text.Substring(start, _pos - start);
    }

    /// <summary>Reads a quoted field starting at the opening quote; false when the quote is never closed.</summary>
    private bool TryReadQuoted(out string value)
    {
        _pos++; // the opening quote
        var segmentStart = _pos;
        _builder?.Clear();
        var escaped = false;
        while (true)
        {
            var offset = _text.AsSpan(_pos).IndexOfAny(QuotedStops);
            if (offset < 0)
            {
                value = string.Empty;
                return false;
            }

            var at = _pos + offset;
            var c = _text[at];
            if (c == '"')
            {
                if (at + 1 < _text.Length && _text[at + 1] == '"')
                {
                    _builder ??= new StringBuilder();
                    _builder.Append(_text, segmentStart, at + 1 - segmentStart);
                    escaped = true;
                    _pos = at + 2;
                    segmentStart = _pos;
                    continue;
                }

                value = escaped
                    ? _builder!.Append(_text, segmentStart, at - segmentStart).ToString()
                    : _text.Substring(segmentStart, at - segmentStart);
                _pos = at + 1;
                value += ReadAfterClosingQuote();
                return true;
            }

            // A line break inside the field: part of the value, but the line count moves on.
            _pos = c == '\r' && at + 1 < _text.Length && _text[at + 1] == '\n' ? at + 2 : at + 1;
            _line++;
            _lineStart = _pos;
        }
    }

    /// <summary>Text between a closing quote and the next comma or line break: reported, and kept.</summary>
    private string ReadAfterClosingQuote()
    {
        if (_pos >= _text.Length || FieldEnds.Contains(_text[_pos]))
        {
            return string.Empty;
        }

        var start = _pos;
        var offset = _text.AsSpan(_pos).IndexOfAny(FieldEnds);
        _pos = offset < 0 ? _text.Length : _pos + offset;
        var extra = _text[start.._pos];
        var withheld = IsWithheld();
        _problems.Add(new ConfigProblem(
            new SourceLocation(FileLabel, _line, Column(start)),
            $"{InColumn()}text after the closing quote of a field{(withheld ? NotShown : string.Empty)}",
            withheld ? null : extra,
            "a quoted field ends with its closing quote, then a comma or the end of the line"));
        return extra;
    }

    /// <summary>Whether the field being read (the next one of <see cref="_fields"/>) is one of <see cref="Withheld"/>'s.</summary>
    private bool IsWithheld() => Withheld?.Invoke(_fields.Count) == true;

    /// <summary>"name: " for the field being read when <see cref="ColumnName"/> names its column; else empty.</summary>
    private string InColumn() => ColumnName?.Invoke(_fields.Count) is { Length: > 0 } name ? name + ": " : string.Empty;
}
