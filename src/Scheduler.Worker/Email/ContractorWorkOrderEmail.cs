using Scheduler.Domain.Configuration;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A per-order email to a contractor (template <c>contractor-work-order</c>), new or changed. Variables:
/// <c>organisation</c>, <c>contractor</c>, <c>order</c>, <c>print</c>.
/// </summary>
public sealed record ContractorWorkOrderEmail(Organisation Organisation, Contractor Contractor, WorkOrderView Order) : EmailModel
{
    /// <summary>The template's name.</summary>
    public const string Template = "contractor-work-order";

    /// <inheritdoc />
    public override string TemplateName => Template;

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        globals["organisation"] = values.Organisation(Organisation);
        globals["contractor"] = values.Contractor(Contractor);
        globals["order"] = values.Order(Order);
    }
}
