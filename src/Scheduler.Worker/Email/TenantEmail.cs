using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A letter to a tenant about their home: in the tenant's language when a template exists for it (English otherwise),
/// in large print when the tenant asked, with the variables every tenant letter has: <c>organisation</c>,
/// <c>tenant</c> (<c>name</c>) and <c>home</c> (<c>address</c>, <c>postcode</c>).
/// </summary>
public abstract record TenantEmail(Organisation Organisation, Tenant Tenant, Home Home) : EmailModel
{
    /// <inheritdoc />
    public override string Language => string.IsNullOrWhiteSpace(Tenant.Language) ? TemplateRenderer.DefaultLanguage : Tenant.Language;

    /// <inheritdoc />
    public override bool LargePrint => Tenant.LargePrint;

    /// <summary>Sets <c>organisation</c>, <c>tenant</c> and <c>home</c>, each value escaped by <paramref name="values"/>.</summary>
    private protected void FillTenantAndHome(ScriptObject globals, TemplateValues values)
    {
        globals["organisation"] = values.Organisation(Organisation);
        globals["tenant"] = new ScriptObject { ["name"] = values.Text(Tenant.Name) };
        globals["home"] = new ScriptObject
        {
            ["address"] = values.Text(Home.Address),
            ["postcode"] = values.Text(Home.Postcode),
        };
    }
}
