using System.Globalization;
using System.Text;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>A row of the report CSV, read back with RFC 4180 quoting.</summary>
internal sealed record ReportCsv(string Year, string Commitment, string Contractor, string Area, int Planned, int Delivered, int OnTime, int Late, int NotDelivered)
{
    public static ReportCsv Parse(string line)
    {
        var c = Fields(line);
        Assert.Equal(12, c.Count);
        return new ReportCsv(c[0], c[1], c[3], c[5], Int(c[7]), Int(c[8]), Int(c[9]), Int(c[10]), Int(c[11]));
    }

    /// <summary>The fields of one line (a line break inside quotes is part of its field).</summary>
    public static List<string> Fields(string line) => Assert.Single(Read(line, lineEnds: false));

    /// <summary>
    /// The records of a whole CSV file, each ended by CRLF outside quotes (a quoted field may hold commas, doubled quotes
    /// and line breaks).
    /// </summary>
    public static List<List<string>> Records(string csv)
    {
        var records = Read(csv, lineEnds: true);
        Assert.True(csv.Length == 0 || csv.EndsWith("\r\n", StringComparison.Ordinal), "the CSV ends with a line end");
        return records;
    }

    private static List<List<string>> Read(string text, bool lineEnds)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (lineEnds && ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields);
                fields = [];
                i++;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (!lineEnds || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields);
        }

        return records;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
