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

    public static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
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
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
