using System.Text.RegularExpressions;
using Scriban;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Email;

/// <summary>
/// What a templates folder's own copies may have lost that the product relies on and no send can notice, because the
/// message still renders: <c>validate</c> prints these as warnings after its errors, and they never change its exit code
/// (<see cref="TemplateRenderer.TemplateWarnings"/>). Each body template of every language and print size is rendered
/// with the samples of <see cref="EmailSamples"/> (a template that does not render is an error, listed by
/// <see cref="TemplateValidator"/>, and gets no warning here):
/// <list type="bullet">
/// <item><c>contractor-work-order</c>: a changed-address notice that reads exactly as the same changed order without
/// <c>order.address_changed</c> (the template has no branch for it, so the contractor is not told the address changed);
/// the same for a changed-window notice and <c>order.previous_window</c>; since small38, a changed order that reads as the
/// same order new (<c>order.is_update</c> never tested), else a changed-appointment notice that reads as a new order with
/// that appointment, else one that never shows <c>order.previous_appointment</c>; the feedback link
/// (<c>order.feedback.done</c>) missing;</item>
/// <item><c>contractor-programme</c>: the feedback link missing;</item>
/// <item>both (since small38, given the configuration): the checklist never shown while a service in config has one;</item>
/// <item>every plain-text body (since small38): its subject line empty, over <see cref="MaxSubjectLength"/> characters, or
/// not its line alone, at the subject's line;</item>
/// <item>contractor mail (notice, programme, cancellation) and appointment letters: the order's reference missing (what
/// the contractor quotes, the tenant quotes to rearrange);</item>
/// <item>tenant letters (the three appointment letters and <c>tenant-improvement</c>): no accessible-formats paragraph
/// (no <c>_formats</c> partial included, directly or through another partial), and neither the organisation's phone
/// nor its email (how the tenant rearranges or asks: rendered with both set, it must show one).</item>
/// </list>
/// </summary>
internal static partial class TemplateWarnings
{
    /// <summary>The partials whose name starts with this are the accessible-formats paragraph (<c>_formats</c>, <c>_formats-pl</c>).</summary>
    public const string FormatsPartial = "_formats";

    /// <summary>The longest subject that reads as one in an inbox (the samples' values are short: a real one runs longer).</summary>
    public const int MaxSubjectLength = 150;

    /// <summary>
    /// The warnings of <paramref name="directory"/>; with <paramref name="configuration"/>, the checks that depend on it too
    /// (a service with a checklist).
    /// </summary>
    public static IReadOnlyList<ConfigProblem> Find(string directory, TemplateLimits limits, EstateConfiguration? configuration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var renderer = new TemplateRenderer(directory, limits);
        var warnings = new List<ConfigProblem>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + TemplateFileName.Extension).Order(StringComparer.Ordinal))
        {
            if (TemplateFileName.TryParse(Path.GetFileName(path)) is not { IsPartial: false } file
                || !EmailSamples.TemplateNames.Contains(file.Name, StringComparer.Ordinal)
                || renderer.Parse(path).Template is null
                || EmailSamples.For(file.Name).Any(sample => Render(renderer, path, file, sample) is null))
            {
                continue; // an error of TemplateValidator's
            }

            warnings.AddRange(Check(renderer, directory, path, file, Checklists(configuration)));
            if (file.Format == TemplateFormat.Text)
            {
                warnings.AddRange(Subjects(renderer, path, file));
            }
        }

        return warnings;
    }

    /// <summary>The ids of the services with a checklist (empty without a configuration).</summary>
    private static IReadOnlyList<string> Checklists(EstateConfiguration? configuration) =>
        configuration is null ? [] : [.. configuration.Services.Where(s => s.Checklist.Count > 0).Select(s => s.Id).Order(StringComparer.Ordinal)];

    private static string ChecklistWhy(IReadOnlyList<string> services) =>
        $"while services.yaml gives {services.Count} service(s) one ({string.Join(", ", services.Take(3))}{(services.Count > 3 ? ", …" : string.Empty)}): the contractor is not told what the visit must include";

    private static IEnumerable<ConfigProblem> Check(TemplateRenderer renderer, string directory, string path, TemplateFileName file, IReadOnlyList<string> checklists)
    {
        var samples = EmailSamples.For(file.Name);
        switch (file.Name)
        {
            case ContractorWorkOrderEmail.Template:
                var notices = samples.OfType<ContractorWorkOrderEmail>().ToList();
                var address = notices.First(n => n.Order.AddressChanged);
                if (Same(renderer, path, file, address, address with { Order = address.Order with { AddressChanged = false } }))
                {
                    yield return Warning(path, "a changed-address notice reads as any other change: the template never tests order.address_changed, so a contractor sent a new address is not told the address changed (docs/email.md, When the address changes)");
                }

                var window = notices.First(n => n.Order.PreviousWindow is not null);
                if (Same(renderer, path, file, window, window with { Order = window.Order with { PreviousWindow = null, PreviousTargetDate = null } }))
                {
                    yield return Warning(path, "a changed-window notice reads as any other change: the template never tests order.previous_window, so a contractor is not told the window moved");
                }

                var changed = notices.First(n => n.Order.Status == WorkOrderStatus.Changed);
                var rebooked = notices.First(n => n.Order.PreviousAppointment is not null);
                if (Same(renderer, path, file, changed, changed with { Order = changed.Order with { Status = WorkOrderStatus.New } }))
                {
                    yield return Warning(path, "a changed order reads as a new one: the template never tests order.is_update, so a contractor sent a change (a new appointment, window or address) is told of it as if it were another work order");
                }
                else if (Same(renderer, path, file, rebooked, rebooked with { Order = rebooked.Order with { Status = WorkOrderStatus.New, PreviousAppointment = null } }))
                {
                    yield return Warning(path, "a changed-appointment notice reads as a new order with an appointment: the template has no branch for order.is_update with order.appointment, so a contractor whose visit was rebooked is not told the appointment changed (docs/email.md, When the appointment changes)");
                }
                else if (Same(renderer, path, file, rebooked, rebooked with { Order = rebooked.Order with { PreviousAppointment = null } }))
                {
                    yield return Warning(path, "a changed-appointment notice never shows order.previous_appointment: a contractor whose visit was rebooked is not told which appointment the new one replaces, so may go to both (docs/email.md, When the appointment changes)");
                }

                if (checklists.Count > 0)
                {
                    foreach (var warning in Shows(renderer, path, file, notices[1], notices[1].Order.Checklist[0], "the service checklist (order.checklist) never appears, " + ChecklistWhy(checklists)))
                    {
                        yield return warning;
                    }
                }

                foreach (var warning in Shows(renderer, path, file, notices[1], Feedback(notices[1]), "the feedback link (order.feedback.done) is missing: a contractor cannot report the visit from this notice"))
                {
                    yield return warning;
                }

                foreach (var warning in Shows(renderer, path, file, notices[1], notices[1].Order.Reference, "the order's reference (order.reference) is missing: the contractor has nothing to quote"))
                {
                    yield return warning;
                }

                break;
            case ContractorProgrammeEmail.Template:
                var programme = samples.OfType<ContractorProgrammeEmail>().First(p => p.Orders.Count > 0);
                foreach (var warning in Shows(renderer, path, file, programme, Feedback(programme.Orders[0]), "the feedback link (order.feedback.done) is missing: a contractor cannot report a visit from this programme"))
                {
                    yield return warning;
                }

                foreach (var warning in Shows(renderer, path, file, programme, programme.Orders[0].Reference, "the orders' references (order.reference) are missing: the contractor has nothing to quote"))
                {
                    yield return warning;
                }

                if (checklists.Count > 0)
                {
                    foreach (var warning in Shows(renderer, path, file, programme, programme.Orders[0].Checklist[0], "the service checklist (order.checklist, or programme.services' checklist) never appears, " + ChecklistWhy(checklists)))
                    {
                        yield return warning;
                    }
                }

                break;
            case ContractorCancellationEmail.Template:
                var cancellation = samples.OfType<ContractorCancellationEmail>().First();
                foreach (var warning in Shows(renderer, path, file, cancellation, cancellation.Order.Reference, "the order's reference (order.reference) is missing: the contractor cannot tell which order is cancelled"))
                {
                    yield return warning;
                }

                break;
            default:
                var letter = samples.OfType<TenantEmail>().FirstOrDefault(l => l.Organisation.Phone is not null && l.Organisation.Email is not null);
                if (letter is null)
                {
                    break;
                }

                if (letter is TenantAppointmentEmail appointment)
                {
                    foreach (var warning in Shows(renderer, path, file, letter, appointment.Appointment.Reference, "the appointment's reference (appointment.reference) is missing: the tenant has nothing to quote when they rearrange"))
                    {
                        yield return warning;
                    }

                    // The changed-appointment letter must say which visit is cancelled: the tenant holds its letter.
                    if (appointment.Appointment.Replaces is { } replaces
                        && Same(renderer, path, file, appointment, appointment with { Appointment = appointment.Appointment with { Replaces = replaces with { Date = replaces.Date.PlusDays(1) } } }))
                    {
                        yield return Warning(path, "the visit it replaces (appointment.replaces) is not named: the tenant cannot tell which earlier letter no longer holds (docs/email.md, Tenant letters)");
                    }
                }

                if (!Includes(directory, path, FormatsPartial))
                {
                    yield return Warning(path, $"no accessible-formats paragraph: the letter includes no {FormatsPartial} partial (the offer of large print, braille, audio or another language)");
                }

                if (Render(renderer, path, file, letter) is { } text
                    && !text.Contains(letter.Organisation.Phone!, StringComparison.Ordinal) && !text.Contains(letter.Organisation.Email!, StringComparison.Ordinal))
                {
                    yield return Warning(path, "neither organisation.phone nor organisation.email appears: the letter gives the tenant no way to rearrange or ask (include '_contact')");
                }

                break;
        }
    }

    /// <summary>
    /// The subject line (the first line of a plain-text body, <see cref="TemplateRenderer.SplitSubject"/>) of every sample:
    /// empty; longer than <see cref="MaxSubjectLength"/>; or not its line alone (a tag that ends on a later line, or a
    /// <c>~</c> that eats the line break, so the subject takes words from the body or loses its own to it). Each once a
    /// file, at the subject's line. A send fails on none of them: the email goes with the subject it has.
    /// </summary>
    private static IEnumerable<ConfigProblem> Subjects(TemplateRenderer renderer, string path, TemplateFileName file)
    {
        var (line, number) = SubjectLine(path);
        if (line is null)
        {
            yield break; // no Subject: line is an error of TemplateValidator's
        }

        var where = new SourceLocation(path, number, 1);
        var alone = Template.Parse(line, path);
        var empty = false;
        var longest = 0;
        var joined = alone.HasErrors;
        foreach (var sample in EmailSamples.For(file.Name))
        {
            if (Render(renderer, path, file, sample) is not { } text)
            {
                yield break;
            }

            if (Subject(text, path) is not { } subject)
            {
                yield break; // the body does not start with its subject line: an error of TemplateValidator's
            }

            empty |= subject.Length == 0;
            longest = Math.Max(longest, subject.Length);
            if (!joined && renderer.RenderSource(alone, path, sample, file.Format) is { } own)
            {
                joined = !string.Equals(Subject(own, path), subject, StringComparison.Ordinal);
            }
        }

        if (joined)
        {
            yield return new ConfigProblem(where, "the subject is not its line alone: a tag on it ends on a later line, or a '~' joins the next line to it, so the subject takes words from the body or loses its own to it");
        }

        if (empty)
        {
            yield return new ConfigProblem(where, "the subject renders empty for a sample email: it goes with a blank subject, which the recipient cannot tell from spam or from another message of ours");
        }

        if (longest > MaxSubjectLength)
        {
            yield return new ConfigProblem(where, $"the subject renders {longest} characters long with the sample values (at most {MaxSubjectLength}; an inbox shows the first 60 to 80, and real addresses are longer): put the details in the body");
        }
    }

    /// <summary>The subject of a rendered plain-text body, as a send takes it; null when the body does not start with one.</summary>
    private static string? Subject(string text, string path)
    {
        try
        {
            return TemplateRenderer.SplitSubject(text, path).Subject;
        }
        catch (TemplateException)
        {
            return null;
        }
    }

    /// <summary>The first line of the file that is not blank, and its number (1-based); null when it does not start with <c>Subject:</c>.</summary>
    private static (string? Line, int Number) SubjectLine(string path)
    {
        var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            return lines[i].TrimStart().StartsWith("Subject:", StringComparison.OrdinalIgnoreCase) ? (lines[i], i + 1) : (null, 0);
        }

        return (null, 0);
    }

    private static string Feedback(ContractorWorkOrderEmail notice) => Feedback(notice.Order);

    private static string Feedback(WorkOrderView order) => order.Feedback?.Done ?? throw new InvalidOperationException("the sample order has no feedback links");

    /// <summary>A warning when the render of <paramref name="sample"/> does not show <paramref name="expected"/>.</summary>
    private static IEnumerable<ConfigProblem> Shows(TemplateRenderer renderer, string path, TemplateFileName file, EmailModel sample, string expected, string message)
    {
        if (Render(renderer, path, file, sample) is { } text && !text.Contains(Escaped(expected, file), StringComparison.Ordinal))
        {
            yield return Warning(path, message);
        }
    }

    private static bool Same(TemplateRenderer renderer, string path, TemplateFileName file, EmailModel one, EmailModel other) =>
        Render(renderer, path, file, one) is { } a && Render(renderer, path, file, other) is { } b && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>The body, or null when it does not render (an error <see cref="TemplateValidator"/> lists).</summary>
    private static string? Render(TemplateRenderer renderer, string path, TemplateFileName file, EmailModel sample)
    {
        try
        {
            return renderer.RenderBody(path, sample, file.Format, CancellationToken.None);
        }
        catch (TemplateException)
        {
            return null;
        }
    }

    /// <summary>A value as an HTML body shows it (values reach HTML templates escaped).</summary>
    private static string Escaped(string value, TemplateFileName file) =>
        file.Format == TemplateFormat.Html ? System.Net.WebUtility.HtmlEncode(value) : value;

    /// <summary>True when <paramref name="path"/> includes a partial whose name starts with <paramref name="prefix"/>, directly or through its partials.</summary>
    private static bool Includes(string directory, string path, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([path]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next) || !File.Exists(next))
            {
                continue;
            }

            foreach (Match include in Include().Matches(File.ReadAllText(next)))
            {
                var name = include.Groups["name"].Value;
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }

                pending.Push(Path.Join(directory, name + TemplateFileName.Extension));
            }
        }

        return false;
    }

    private static ConfigProblem Warning(string path, string message) => new(new SourceLocation(path, 0, 0), message);

    [GeneratedRegex("""include\s+['"](?<name>_[A-Za-z0-9_.-]+)['"]""")]
    private static partial Regex Include();
}
