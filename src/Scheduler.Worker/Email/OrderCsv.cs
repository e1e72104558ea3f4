using System.Globalization;
using System.Text;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Email;

/// <summary>
/// The <c>.csv</c> of orders a contractor's email carries, for a spreadsheet: a header row, then one row per order
/// with ISO dates (windows inclusive at both ends). Fields are quoted as RFC 4180 says (only when they hold a comma,
/// a double quote or a line break; quotes doubled); lines end in CRLF. A text field that starts with <c>=</c>,
/// <c>+</c>, <c>-</c> or <c>@</c> gets a leading apostrophe so a spreadsheet shows it instead of running it as a formula.
/// </summary>
public static class OrderCsv
{
    /// <summary>The header row, without its line end.</summary>
    public const string Header = "reference,service,asset,address,postcode,window_start,window_end,target_date,status,sequence,checklist,follow_ups";

    /// <summary>The CSV text of <paramref name="orders"/>, in the order given.</summary>
    public static string Write(IReadOnlyList<WorkOrderView> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var csv = new StringBuilder(Header.Length + 2 + (orders.Count * 200)).Append(Header).Append("\r\n");
        foreach (var o in orders)
        {
            Text(csv, o.Reference).Append(',');
            Text(csv, o.ServiceName).Append(',');
            Text(csv, o.AssetName).Append(',');
            Text(csv, o.Address).Append(',');
            Text(csv, o.Postcode).Append(',');
            csv.Append(DateTexts.Of(o.Window.Start).Iso).Append(',');
            csv.Append(DateTexts.Of(o.Window.End).Iso).Append(',');
            csv.Append(DateTexts.Of(o.TargetDate).Iso).Append(',');
            csv.Append(StatusName(o.Status)).Append(',');
            csv.Append(o.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',');
            Text(csv, string.Join("; ", o.Checklist)).Append(',');
            Text(csv, string.Join(' ', o.FollowUps.Select(f => f.Reference))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>The status as the enum's name in lower case, without making the string each time.</summary>
    private static string StatusName(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.New => "new",
        WorkOrderStatus.Changed => "changed",
        WorkOrderStatus.Cancelled => "cancelled",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static StringBuilder Text(StringBuilder csv, string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return CsvText.AppendField(csv, value);
    }
}
