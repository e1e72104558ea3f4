using NodaTime;
using Scheduler.Domain.Configuration;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A contractor's weekly programme (template <c>contractor-programme</c>): the orders of the week starting
/// <see cref="WeekStart"/>, in the order given. Variables: <c>organisation</c>, <c>contractor</c>,
/// <c>programme</c> (<c>week_start</c>, <c>week_end</c>: dates, both inclusive; <c>orders</c>; <c>count</c>), <c>print</c>.
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

    /// <summary>The last day of the programme week (inclusive): six days after <see cref="WeekStart"/>.</summary>
    public LocalDate WeekEnd => WeekStart.PlusDays(6);

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        globals["organisation"] = values.Organisation(Organisation);
        globals["contractor"] = values.Contractor(Contractor);
        globals["programme"] = new ScriptObject
        {
            ["week_start"] = TemplateValues.Date(WeekStart),
            ["week_end"] = TemplateValues.Date(WeekEnd),
            ["orders"] = values.Orders(Orders),
            ["count"] = Orders.Count,
        };
    }
}
