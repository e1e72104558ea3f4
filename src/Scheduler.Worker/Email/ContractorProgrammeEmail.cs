using NodaTime;
using Scheduler.Domain.Configuration;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A contractor's weekly programme (template <c>contractor-programme</c>): the orders of the week starting
/// <see cref="WeekStart"/>, in the order given (the dispatcher gives them by target date, then reference). Variables:
/// <c>organisation</c>, <c>contractor</c>, <c>print</c> and <c>programme</c>: <c>week_start</c>, <c>week_end</c> (dates,
/// both inclusive); <c>orders</c> (every order, as a per-order email has it) and <c>count</c>; <c>days</c>, the orders
/// by target date (each <c>date</c>, <c>count</c>, <c>orders</c>; only days with orders, in date order); <c>services</c>,
/// the services in it (each <c>name</c>, <c>checklist</c>, <c>count</c>; by name), so a template can give each
/// service's checklist once instead of once per order; <c>has_feedback</c> (true when the orders carry feedback links);
/// <c>part</c> and <c>parts</c> (1 and 1 for a week sent whole; for a week of more orders than the contractor's
/// <c>programmeMaxOrders</c>, which of its emails this is, each listing only its own orders); <c>first_day</c> and
/// <c>last_day</c>, the first and last target dates of the orders in this email (null when it has none), which for a part
/// say which days it covers (parts keep each day whole unless the day alone is more than the maximum).
/// The same order objects are in <c>orders</c> and <c>days</c>. Its render limits grow with its orders
/// (<see cref="ListedItems"/>, <see cref="TemplateLimits"/>).
/// </summary>
public sealed record ContractorProgrammeEmail(
    Organisation Organisation,
    Contractor Contractor,
    LocalDate WeekStart,
    IReadOnlyList<WorkOrderView> Orders) : EmailModel
{
    /// <summary>The template's name.</summary>
    public const string Template = "contractor-programme";

    /// <inheritdoc />
    public override string TemplateName => Template;

    /// <summary>Which part of the week's programme this email is, from 1 (1 for a week sent whole).</summary>
    public int Part { get; init; } = 1;

    /// <summary>How many emails the week's programme is sent in (1 for a week sent whole).</summary>
    public int Parts { get; init; } = 1;

    /// <summary>The last day of the programme week (inclusive): six days after <see cref="WeekStart"/>.</summary>
    public LocalDate WeekEnd => WeekStart.PlusDays(6);

    /// <summary>The number of orders: each adds the per-item allowance to the render's limits.</summary>
    public override int ListedItems => Orders.Count;

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        var orders = new ScriptArray(Orders.Count);
        var days = new ScriptArray();
        var byDate = new Dictionary<LocalDate, ScriptArray>();
        foreach (var order in Orders)
        {
            var value = values.Order(order);
            orders.Add(value);
            if (!byDate.TryGetValue(order.TargetDate, out var day))
            {
                day = [];
                byDate.Add(order.TargetDate, day);
            }

            day.Add(value);
        }

        foreach (var (date, dayOrders) in byDate.OrderBy(d => d.Key))
        {
            days.Add(new ScriptObject { ["date"] = TemplateValues.Date(date), ["count"] = dayOrders.Count, ["orders"] = dayOrders });
        }

        var services = new ScriptArray();
        foreach (var service in Orders.GroupBy(o => o.ServiceName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            services.Add(new ScriptObject
            {
                ["name"] = values.Text(service.Key),
                ["checklist"] = values.Texts(service.First().Checklist),
                ["count"] = service.Count(),
            });
        }

        globals["organisation"] = values.Organisation(Organisation);
        globals["contractor"] = values.Contractor(Contractor);
        globals["programme"] = new ScriptObject
        {
            ["week_start"] = TemplateValues.Date(WeekStart),
            ["week_end"] = TemplateValues.Date(WeekEnd),
            ["orders"] = orders,
            ["count"] = Orders.Count,
            ["days"] = days,
            ["services"] = services,
            ["has_feedback"] = Orders.Any(o => o.Feedback is not null),
            ["part"] = Part,
            ["parts"] = Parts,
            ["first_day"] = byDate.Count == 0 ? null : TemplateValues.Date(byDate.Keys.Min()),
            ["last_day"] = byDate.Count == 0 ? null : TemplateValues.Date(byDate.Keys.Max()),
        };
    }
}
