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

        foreach (var file in new[] { text, html })
        {
            Assert.Contains(warnings, w => w.StartsWith($"{file}: a changed-appointment notice never shows order.previous_appointment", StringComparison.Ordinal));
        }

        Assert.Equal(6, warnings.Count); // the feedback link, the reference and the checklist come with the shipped _order partial
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
            $"{notice}: a changed order reads as a new one: the template never tests order.is_update, so a contractor sent a change (a new appointment, window or address) is told of it as if it were another work order",
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

    /// <summary>The shipped configuration: its services have checklists.</summary>
    private static Scheduler.Domain.Configuration.EstateConfiguration Shipped { get; } =
        Scheduler.Worker.Configuration.ConfigLoader.Load(RepositoryRoot.ConfigFolder).Configuration ?? throw new InvalidOperationException("the shipped config does not load");

    [Fact]
    public void TemplateWarnings_ShippedFolderWithTheShippedConfig_HasNone()
    {
        Assert.Contains(Shipped.Services, s => s.Checklist.Count > 0);
        Assert.Empty(TemplateRenderer.TemplateWarnings(EmailTestData.TemplatesFolder, Shipped));
    }

    /// <summary>
    /// The changed-appointment wording (docs/email.md, When the appointment changes): a notice that never tests
    /// <c>order.is_update</c> (a change reads as another order); one whose changed order with an appointment reads as a new
    /// one; one that has a changed branch but never names the appointment replaced. Each the first of them that applies.
    /// </summary>
    [Fact]
    public void TemplateWarnings_NoticeWithoutTheChangedAppointmentWording_WarnsWhatIsMissing()
    {
        var shipped = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "contractor-work-order.en.txt.sbn"));
        var start = shipped.IndexOf("{{- else if order.is_update && order.appointment -}}", StringComparison.Ordinal);
        var end = shipped.IndexOf("{{- else if order.is_update -}}", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start);
        var cases = new (string Text, string Warning)[]
        {
            (shipped.Replace("order.is_update", "false", StringComparison.Ordinal), "a changed order reads as a new one: the template never tests order.is_update"),
            (shipped.Remove(start, end - start)
                .Replace("{{- else if order.is_update -}}", "{{- else if order.is_update && !order.appointment -}}", StringComparison.Ordinal)
                .Replace("{{ else if order.is_update && order.appointment }}New appointment for work order{{ else if order.is_update }}", "{{ else if order.is_update && !order.appointment }}", StringComparison.Ordinal),
                "a changed-appointment notice reads as a new order with an appointment: the template has no branch for order.is_update with order.appointment"),
            (shipped.Remove(start, end - start), "a changed-appointment notice never shows order.previous_appointment"),
        };
        foreach (var (text, expected) in cases)
        {
            using var folder = new TemplateFolder();
            var file = folder.Write("contractor-work-order.en.txt.sbn", text);

            var warnings = TemplateRenderer.TemplateWarnings(folder.Path, Shipped).Select(w => w.ToString()).ToList();

            Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
            Assert.True(warnings.Any(w => w.StartsWith($"{file}: {expected}", StringComparison.Ordinal)), $"{expected}: not among {string.Join(" / ", warnings)}");
            Assert.DoesNotContain(warnings, w => !w.StartsWith($"{file}: ", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// A notice or programme that never shows the checklist is warned of only while a service in config has one; the
    /// cancellation and the letters need none.
    /// </summary>
    [Fact]
    public void TemplateWarnings_NoticeAndProgrammeWithoutTheChecklist_WarnedWhileAServiceHasOne()
    {
        using var folder = new TemplateFolder();
        var partial = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "_order.txt.sbn"));
        var block = partial.IndexOf("{{~ if order.checklist.size > 0 ~}}", StringComparison.Ordinal);
        var after = partial.IndexOf("{{~ if order.follow_ups.size > 0 ~}}", StringComparison.Ordinal);
        folder.Write("_order.txt.sbn", partial.Remove(block, after - block));
        var programme = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "contractor-programme.en.html.sbn"));
        var html = folder.Write("contractor-programme.en.html.sbn", programme.Replace("{{~ for item in service.checklist ~}}", "{{~ for item in [] ~}}", StringComparison.Ordinal));
        var notice = Path.Join(folder.Path, "contractor-work-order.en.txt.sbn");

        var warnings = TemplateRenderer.TemplateWarnings(folder.Path, Shipped).Select(w => w.ToString()).ToList();

        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        var ids = Shipped.Services.Where(s => s.Checklist.Count > 0).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        Assert.True(ids.Count > 3);
        var why = $"while services.yaml gives {ids.Count} service(s) one ({string.Join(", ", ids.Take(3))}, …): the contractor is not told what the visit must include";
        Assert.Equal(
        [
            $"{html}: the service checklist (order.checklist, or programme.services' checklist) never appears, {why}",
            $"{notice}: the service checklist (order.checklist) never appears, {why}",
        ], warnings);
        var none = Shipped with { Services = [.. Shipped.Services.Select(s => s with { Checklist = [] })] };
        Assert.Empty(TemplateRenderer.TemplateWarnings(folder.Path, none));
        Assert.Empty(TemplateRenderer.TemplateWarnings(folder.Path));
    }

    /// <summary>
    /// The subject line (the plain-text body's first line): empty, longer than <see cref="TemplateWarnings.MaxSubjectLength"/>,
    /// or not its line alone (a '~' eating its line break, an <c>if</c> that ends on the next line), each at the subject's
    /// line; the email still goes (a warning, not a problem).
    /// </summary>
    [Fact]
    public void TemplateWarnings_SubjectEmptyTooLongOrNotItsLineAlone_WarnsAtTheSubjectsLine()
    {
        using var folder = new TemplateFolder();
        var cancellation = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "contractor-cancellation.en.txt.sbn"));
        var joined = folder.Write("contractor-cancellation.en.txt.sbn", cancellation.Replace("at {{ order.asset }}\nHello", "at {{ order.asset ~}}\nHello", StringComparison.Ordinal));
        var letter = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "tenant-appointment-first.en.txt.sbn"));
        var empty = folder.Write("tenant-appointment-first.en.txt.sbn", "\n" + letter.Replace("Subject: Your {{ appointment.service | string.downcase }} on {{ appointment.date.text }}", "Subject: {{ if false }}Your visit{{ end }}", StringComparison.Ordinal));
        var programme = File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "contractor-programme.en.txt.sbn"));
        var line = programme[..programme.IndexOf('\n', StringComparison.Ordinal)];
        var longer = folder.Write("contractor-programme.en.txt.sbn", programme.Replace(line, line + "{{ for order in programme.orders }} {{ order.reference }} at {{ order.address }}{{ end }}", StringComparison.Ordinal));
        var split = folder.Write("tenant-appointment-second.en.txt.sbn", File.ReadAllText(Path.Join(EmailTestData.TemplatesFolder, "tenant-appointment-second.en.txt.sbn"))
            .Replace("Subject: ", "Subject: {{ if appointment.has_previous }}\nMissed visit: {{ end }}", StringComparison.Ordinal));

        var warnings = TemplateRenderer.TemplateWarnings(folder.Path).Select(w => w.ToString()).ToList();

        Assert.Empty(TemplateRenderer.ValidateTemplates(folder.Path));
        Assert.Equal(
        [
            $"{joined}:1:1: the subject is not its line alone: a tag on it ends on a later line, or a '~' joins the next line to it, so the subject takes words from the body or loses its own to it",
            $"{longer}:1:1: the subject renders {"Your programme for Monday 10 May 2027 to Sunday 16 May 2027: 4 orders".Length + (4 * " WO-2027-000123 at Oakfield Estate".Length)} characters long with the sample values (at most 150; an inbox shows the first 60 to 80, and real addresses are longer): put the details in the body",
            $"{empty}:2:1: the subject renders empty for a sample email: it goes with a blank subject, which the recipient cannot tell from spam or from another message of ours",
            $"{split}:1:1: the subject is not its line alone: a tag on it ends on a later line, or a '~' joins the next line to it, so the subject takes words from the body or loses its own to it",
            $"{split}:1:1: the subject renders empty for a sample email: it goes with a blank subject, which the recipient cannot tell from spam or from another message of ours",
        ], warnings);
    }
}
