using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// <see cref="TemplateRenderer.TemplateWarnings"/>: parts of a deployment's own templates the product relies on but no send
/// can notice (the message still renders), each a warning naming the file; never a problem.
/// </summary>
public sealed class TemplateWarningsTests
{
    /// <summary>The shipped notice with its changed-address branch (subject and opening) taken out, as an older copy has it.</summary>
    internal static string NoticeWithoutAddressBranch()
    {
        var shipped = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "contractor-work-order.en.txt.sbn"));
        var text = shipped
            .Replace("{{ if order.is_update && order.address_changed }}New address for work order{{ else if order.is_update && order.previous_window }}", "{{ if order.is_update && order.previous_window }}", StringComparison.Ordinal)
            .Replace(
                "{{ if order.is_update && order.address_changed -}}\nThe address for this work order has changed: it is now {{ order.address }}{{ if order.postcode != \"\" }}, {{ order.postcode }}{{ end }}.\nPlease go there, not to the address we sent before. The calendar file updates this order's entry in your calendar with the new address.\n{{- else if order.is_update && order.previous_window -}}",
                "{{ if order.is_update && order.previous_window -}}",
                StringComparison.Ordinal);
        Assert.NotEqual(shipped, text);
        Assert.DoesNotContain("address_changed", text, StringComparison.Ordinal);
        return text;
    }

    [Fact]
    public void TemplateWarnings_ShippedFolder_HasNone()
    {
        Assert.Empty(TemplateRenderer.TemplateWarnings(EmailTestData.TemplatesFolder));
    }

    [Fact]
    public void TemplateWarnings_NoticeWithoutTheAddressBranch_WarnsNamingTheFile()
    {
        using var folder = new TemplateFolder();
        var english = folder.Write("contractor-work-order.en.txt.sbn", NoticeWithoutAddressBranch());

        var warning = Assert.Single(TemplateRenderer.TemplateWarnings(folder.Path)).ToString();

        Assert.StartsWith($"{english}: a changed-address notice reads as any other change", warning, StringComparison.Ordinal);
        Assert.Contains("order.address_changed", warning, StringComparison.Ordinal);
        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path)); // a warning, not a problem
    }

    /// <summary>A language of the deployment's own (any language, both bodies) is checked as English is.</summary>
    [Fact]
    public void TemplateWarnings_OwnLanguageNotice_WarnsForEachBodyWithoutTheBranches()
    {
        using var folder = new TemplateFolder();
        var text = folder.Write("contractor-work-order.cy.txt.sbn", "Subject: Gorchymyn gwaith {{ order.reference }}\n{{ if order.is_update }}Wedi newid.{{ end }}\n{{ include '_order.txt' }}\n");
        var html = folder.Write("contractor-work-order.cy.html.sbn", "<p>{{ if order.is_update }}Wedi newid.{{ end }}</p>\n{{ include '_order.html' }}\n");

        var warnings = TemplateRenderer.TemplateWarnings(folder.Path).Select(w => w.ToString()).ToList();

        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        foreach (var file in new[] { text, html })
        {
            Assert.Contains(warnings, w => w.StartsWith($"{file}: a changed-address notice reads as any other change", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.StartsWith($"{file}: a changed-window notice reads as any other change", StringComparison.Ordinal));
        }

        Assert.Equal(4, warnings.Count); // the feedback link and the reference come with the shipped _order partial
    }

    [Fact]
    public void TemplateWarnings_ContractorMailWithoutLinkOrReference_WarnsForEach()
    {
        using var folder = new TemplateFolder();
        var notice = folder.Write("contractor-work-order.en.txt.sbn",
            "Subject: Work\n{{ if order.is_update && order.address_changed }}New address: {{ order.address }}{{ else if order.previous_window }}New window{{ end }}\nWhere: {{ order.address }}\n");
        var programme = folder.Write("contractor-programme.en.html.sbn",
            "<ul>{{ for order in programme.orders }}<li>{{ order.address }}</li>{{ end }}</ul>\n");
        var cancellation = folder.Write("contractor-cancellation.en.txt.sbn", "Subject: Cancelled\nThe work at {{ order.address }} is cancelled.\n");

        var warnings = TemplateRenderer.TemplateWarnings(folder.Path).Select(w => w.ToString()).ToList();

        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        Assert.Equal(
        [
            $"{cancellation}: the order's reference (order.reference) is missing: the contractor cannot tell which order is cancelled",
            $"{programme}: the feedback link (order.feedback.done) is missing: a contractor cannot report a visit from this programme",
            $"{programme}: the orders' references (order.reference) are missing: the contractor has nothing to quote",
            $"{notice}: the feedback link (order.feedback.done) is missing: a contractor cannot report the visit from this notice",
            $"{notice}: the order's reference (order.reference) is missing: the contractor has nothing to quote",
        ], warnings);
    }

    [Fact]
    public void TemplateWarnings_LetterWithoutReferenceFormatsOrContact_WarnsForEach()
    {
        using var folder = new TemplateFolder();
        var bare = folder.Write("tenant-appointment-second.en.txt.sbn", "Subject: Your visit\nDear {{ tenant.name }}, we come on {{ appointment.date.text }}.\n");
        var inline = folder.Write("tenant-improvement.pl.txt.sbn", "Subject: Ulepszenia {{ improvement.year }}\nProsimy {{ include '_contact-pl.txt' }}.\n");

        var warnings = TemplateRenderer.TemplateWarnings(folder.Path).Select(w => w.ToString()).ToList();

        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        Assert.Equal(
        [
            $"{bare}: the appointment's reference (appointment.reference) is missing: the tenant has nothing to quote when they rearrange",
            $"{bare}: no accessible-formats paragraph: the letter includes no _formats partial (the offer of large print, braille, audio or another language)",
            $"{bare}: neither organisation.phone nor organisation.email appears: the letter gives the tenant no way to rearrange or ask (include '_contact')",
            $"{inline}: no accessible-formats paragraph: the letter includes no _formats partial (the offer of large print, braille, audio or another language)",
        ], warnings);
    }

    [Fact]
    public void TemplateWarnings_ChangedLetterThatDoesNotNameTheVisitItReplaces_IsWarned()
    {
        using var folder = new TemplateFolder();
        var vague = folder.Write(
            "tenant-appointment-changed.pl.txt.sbn",
            "{{- include '_pl.txt' -}}\nSubject: Zmiana\nNowy termin: {{ data_pl appointment.date }} ({{ appointment.reference }}). Prosimy {{ include '_contact-pl.txt' }}.\n{{ include '_formats-pl.txt' }}\n");

        var warnings = TemplateRenderer.TemplateWarnings(folder.Path).Select(w => w.ToString()).ToList();

        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        Assert.Equal(
            [$"{vague}: the visit it replaces (appointment.replaces) is not named: the tenant cannot tell which earlier letter no longer holds (docs/email.md, Tenant letters)"],
            warnings);
    }

    /// <summary>The formats paragraph counts through a partial of the deployment's own that includes it.</summary>
    [Fact]
    public void TemplateWarnings_FormatsThroughAnotherPartial_IsNoWarning()
    {
        using var folder = new TemplateFolder();
        folder.Write("_footer.txt.sbn", "{{ include '_formats.txt' }}\n");
        folder.Write("tenant-improvement.en.txt.sbn", "Subject: Improvements {{ improvement.year }}\nPlease {{ include '_contact.txt' }}.\n{{ include '_footer.txt' }}\n");

        Assert.Empty(TemplateRenderer.TemplateWarnings(folder.Path));
    }
}
