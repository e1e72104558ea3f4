using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A letter to a tenant about their home: in the tenant's language when a template exists for it (English otherwise),
/// in large print when the tenant asked, with the variables every tenant letter has: <c>organisation</c>,
/// <c>tenant</c> (<c>name</c>), <c>home</c> (<c>address</c>, <c>postcode</c>) and <c>letter</c> (<c>dated</c>, the date
/// line, and <c>date</c>: see <see cref="Dated"/>).
/// </summary>
public abstract record TenantEmail(Organisation Organisation, Tenant Tenant, Home Home) : EmailModel
{
    /// <summary>
    /// The letter's date, written under the address block as UK letters have it (<c>letter.dated</c>, "1 March 2027";
    /// <c>letter.date</c>, the same day as a date for other languages to spell out): a London date from the dispatcher's
    /// clock when it composes the letter — the day an email is sent, or the day a printed letter is posted (its batch's day).
    /// </summary>
    public required LocalDate Dated { get; init; }

    /// <inheritdoc />
    public override string Language => string.IsNullOrWhiteSpace(Tenant.Language) ? TemplateRenderer.DefaultLanguage : Tenant.Language;

    /// <inheritdoc />
    public override bool LargePrint => Tenant.LargePrint;

    /// <summary>Sets <c>organisation</c>, <c>tenant</c>, <c>home</c> and <c>letter</c>, each value escaped by <paramref name="values"/>.</summary>
    private protected void FillTenantAndHome(ScriptObject globals, TemplateValues values)
    {
        globals["organisation"] = values.Organisation(Organisation);
        globals["tenant"] = new ScriptObject { ["name"] = values.Text(Tenant.Name) };
        globals["home"] = new ScriptObject
        {
            ["address"] = values.Text(Home.Address),
            ["postcode"] = values.Text(Home.Postcode),
        };
        globals["letter"] = new ScriptObject(2)
        {
            { "dated", DateTexts.Of(Dated).Letter },
            { "date", TemplateValues.Date(Dated) },
        };
    }
}
