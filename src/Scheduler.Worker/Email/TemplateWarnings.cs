using System.Text.RegularExpressions;
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
/// the same for a changed-window notice and <c>order.previous_window</c>; the feedback link (<c>order.feedback.done</c>)
/// missing;</item>
/// <item><c>contractor-programme</c>: the feedback link missing;</item>
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

    public static IReadOnlyList<ConfigProblem> Find(string directory, TemplateLimits limits)
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

            warnings.AddRange(Check(renderer, directory, path, file));
        }

        return warnings;
    }

    private static IEnumerable<ConfigProblem> Check(TemplateRenderer renderer, string directory, string path, TemplateFileName file)
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
