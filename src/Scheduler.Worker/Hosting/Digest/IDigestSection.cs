using NodaTime;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>
/// One part of the daily manager digest (gas alerts, overdue work, …). The digest job asks every registered
/// section (DI: <c>services.AddSingleton&lt;IDigestSection, MySection&gt;()</c>) and sends one email with the
/// sections that returned something.
/// </summary>
public interface IDigestSection
{
    /// <summary>Builds the section for the digest of <paramref name="today"/> (a local date in the organisation's zone); null when there is nothing to say.</summary>
    Task<DigestSection?> BuildAsync(LocalDate today, CancellationToken cancellationToken);
}

/// <summary>A titled section of the digest.</summary>
/// <param name="Order">Where it goes in the email (lower first): alerts that can hurt someone first.</param>
/// <param name="Title">A heading, e.g. "Gas safety: deadlines within 14 days with no appointment".</param>
/// <param name="Summary">One sentence with the counts.</param>
/// <param name="Lines">One line per item (order reference, home id, dates); addresses may appear, tenant names never.</param>
public sealed record DigestSection(int Order, string Title, string Summary, IReadOnlyList<DigestLine> Lines);

/// <summary>One item of a digest section.</summary>
/// <param name="Group">What the item is grouped under (e.g. the contractor id or the area id); empty for none.</param>
/// <param name="Reference">The work order reference or home id the item is about.</param>
/// <param name="Text">The rest of the line.</param>
public sealed record DigestLine(string Group, string Reference, string Text)
{
    /// <summary>Its group and reference: never the text (it may hold an address).</summary>
    public override string ToString() => $"DigestLine {{ Group = {Group}, Reference = {Reference}, Text = (withheld) }}";
}
