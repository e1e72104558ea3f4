using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// The data for one email, and which template renders it. The concrete kinds are
/// <see cref="ContractorWorkOrderEmail"/>, <see cref="ContractorProgrammeEmail"/>,
/// <see cref="ContractorCancellationEmail"/>, <see cref="TenantAppointmentEmail"/> and <see cref="TenantImprovementEmail"/>.
/// </summary>
public abstract record EmailModel
{
    private protected EmailModel()
    {
    }

    /// <summary>The template's name without language or format, e.g. <c>contractor-work-order</c>.</summary>
    public abstract string TemplateName { get; }

    /// <summary>The language wanted (a tag such as <c>en</c>, <c>pl</c> or <c>cy</c>); English when no template exists for it.</summary>
    public virtual string Language => TemplateRenderer.DefaultLanguage;

    /// <summary>True for a large-print letter (18 pt body text).</summary>
    public virtual bool LargePrint => false;

    /// <summary>
    /// How many items the email lists (a programme's orders; 0 for an email about one thing): each adds the per-item
    /// allowance of <see cref="TemplateLimits"/> to the render's limits.
    /// </summary>
    public virtual int ListedItems => 0;

    /// <summary>Adds this email's top-level variables to <paramref name="globals"/>.</summary>
    internal abstract void Fill(ScriptObject globals, TemplateValues values);
}
