using NodaTime;
using Scheduler.Domain.Configuration;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A contractor's weekly programme (template <c>contractor-programme</c>): the orders of the week starting
/// <see cref="WeekStart"/>, in the order given (the dispatcher gives them as the programme lists them:
/// <see cref="InListedOrder"/>). Variables:
/// <c>organisation</c>, <c>contractor</c>, <c>print</c> and <c>programme</c>: <c>week_start</c>, <c>week_end</c> (dates,
/// both inclusive); <c>orders</c> (every order, as a per-order email has it) and <c>count</c>; <c>days</c>, the orders
/// by the day each is listed under (<see cref="ListedDay"/>: an order booked with the tenant on its appointment's day,
/// any other on its target date; each day <c>date</c>, <c>count</c>, <c>orders</c>, <c>appointments</c> — how many of
/// its orders are there for their appointment — and <c>in_week</c> and <c>before_week</c>, for an appointment on a day
/// outside the week; only days with orders, in date order); <c>has_appointments</c> (true when an order is booked with
/// the tenant) and <c>outside_week</c> (how many orders are booked with the tenant for a day outside the week);
/// <c>ahead</c>, how many orders without an appointment are aimed after the week (listed under their target date, after
/// the week's days: a programme carries an order from the week its window's first working day is in, since branch
/// <c>prog29</c>, <see cref="Scheduler.Persistence.Outbox.ProgrammeWeek"/>); <c>services</c>,
/// the services in it (each <c>name</c>, <c>checklist</c>, <c>count</c>; by name), so a template can give each
/// service's checklist once instead of once per order; <c>has_feedback</c> (true when the orders carry feedback links);
/// <c>part</c> and <c>parts</c> (1 and 1 for a week sent whole; for a week of more orders than the contractor's
/// <c>programmeMaxOrders</c>, which of its emails this is, each listing only its own orders); <c>first_day</c> and
/// <c>last_day</c>, the first and last days this email lists orders under (null when it has none), which for a part
/// say which days it covers (parts keep each day of target dates whole unless the day alone is more than the maximum).
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

    /// <summary>
    /// The day <paramref name="order"/> is listed under in a programme: the day of its appointment when it is booked with
    /// the tenant (in the programme's week or not), else its target date.
    /// </summary>
    public static LocalDate ListedDay(WorkOrderView order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Appointment?.Date ?? order.TargetDate;
    }

    /// <summary>
    /// <paramref name="orders"/> (by target date, then reference, as a programme row names them) in the order a programme
    /// lists them: by <see cref="ListedDay"/>, the given order kept within a day. The same list when no order has an
    /// appointment.
    /// </summary>
    public static IReadOnlyList<WorkOrderView> InListedOrder(IReadOnlyList<WorkOrderView> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        return orders.Any(o => o.Appointment is not null) ? [.. orders.OrderBy(ListedDay)] : orders;
    }

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        var orders = new ScriptArray(Orders.Count);
        var days = new ScriptArray();
        var byDate = new Dictionary<LocalDate, (ScriptArray Orders, int Appointments)>();
        foreach (var order in Orders)
        {
            var value = values.Order(order);
            orders.Add(value);
            var listed = ListedDay(order);
            var day = byDate.TryGetValue(listed, out var known) ? known : ([], 0);
            day.Orders.Add(value);
            byDate[listed] = (day.Orders, day.Appointments + (order.Appointment is null ? 0 : 1));
        }

        foreach (var (date, day) in byDate.OrderBy(d => d.Key))
        {
            days.Add(new ScriptObject
            {
                ["date"] = TemplateValues.Date(date),
                ["count"] = day.Orders.Count,
                ["orders"] = day.Orders,
                ["appointments"] = day.Appointments,
                ["in_week"] = date >= WeekStart && date <= WeekEnd,
                ["before_week"] = date < WeekStart,
            });
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
            ["has_appointments"] = Orders.Any(o => o.Appointment is not null),
            ["outside_week"] = Orders.Count(o => o.Appointment is { } a && (a.Date < WeekStart || a.Date > WeekEnd)),
            ["ahead"] = Orders.Count(o => o.Appointment is null && o.TargetDate > WeekEnd),
            ["part"] = Part,
            ["parts"] = Parts,
            ["first_day"] = byDate.Count == 0 ? null : TemplateValues.Date(byDate.Keys.Min()),
            ["last_day"] = byDate.Count == 0 ? null : TemplateValues.Date(byDate.Keys.Max()),
        };
    }
}
