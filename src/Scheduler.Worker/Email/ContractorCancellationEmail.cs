using Scheduler.Domain.Configuration;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// Tells a contractor an order is withdrawn (template <c>contractor-cancellation</c>). Variables:
/// <c>organisation</c>, <c>contractor</c>, <c>order</c>, <c>reason</c> (empty when none is given), <c>print</c>.
/// </summary>
public sealed record ContractorCancellationEmail(Organisation Organisation, Contractor Contractor, WorkOrderView Order, string? Reason = null)
    : EmailModel
{
    /// <summary>The template's name.</summary>
    public const string Template = "contractor-cancellation";

    /// <inheritdoc />
    public override string TemplateName => Template;

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        globals["organisation"] = values.Organisation(Organisation);
        globals["contractor"] = values.Contractor(Contractor);
        globals["order"] = values.Order(Order);
        globals["reason"] = values.Text(Reason);
    }
}
