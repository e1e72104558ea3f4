using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A letter telling a tenant their home enters the planned-improvement programme (template <c>tenant-improvement</c>),
/// in the tenant's language when a template exists for it, and in large print when the tenant asked. Variables:
/// <c>organisation</c>, <c>tenant</c> (<c>name</c>), <c>home</c> (<c>address</c>, <c>postcode</c>),
/// <c>improvement</c> (<c>year</c>, <c>components</c>: a list of component ids, <c>count</c>), <c>print</c>.
/// </summary>
public sealed record TenantImprovementEmail(Organisation Organisation, Tenant Tenant, Home Home, ImprovementView Improvement)
    : TenantEmail(Organisation, Tenant, Home)
{
    /// <summary>The template's name.</summary>
    public const string Template = "tenant-improvement";

    /// <inheritdoc />
    public override string TemplateName => Template;

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        FillTenantAndHome(globals, values);
        globals["improvement"] = new ScriptObject
        {
            ["year"] = Improvement.Year,
            ["components"] = values.Texts(Improvement.Components),
            ["count"] = Improvement.Components.Count,
        };
    }
}
