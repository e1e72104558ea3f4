using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Tests.Email.Composing;

/// <summary>
/// A fixed spread of emails composed with the shipped templates: every template's samples rendered, every tenant
/// letter in each language and print size, and contractor messages written to MIME bytes for orders of every shape
/// (new, changed, cancelled; no checklist or a long one; no follow-up or two; feedback links or none; empty postcode;
/// HTML-special, control, non-ASCII and astral characters in every text; windows over many different dates, a leap
/// day among them), one at a time and as weekly programmes. Each case is named and its output made into bytes, so the
/// same cases composed by another build can be compared byte for byte (<see cref="ComposedOutputTests"/>).
/// </summary>
internal static class ComposedOutputCases
{
    private static readonly string[] Texts =
    [
        "Oakfield Estate",
        "Flat 2, 1 High Street",
        "<script>alert(\"x\")</script> O'Brien & Sons",
        "Ulica Świętokrzyska 7, Łódź – Żółć",
        "Line\r\nBcc: victim@example.org",
        "Tab\there & \"quoted\" 'single' <b>bold</b>",
        "Emoji 😀 and € and \u00a0nbsp",
        "=?utf-8?q?Mallory?= =1 =\r\n.",
        "  leading and trailing spaces  ",
        string.Empty,
    ];

    private static readonly string[][] Checklists =
    [
        [],
        ["Grass cut and edges trimmed"],
        ["Grass cut and edges trimmed", "Hardstanding kept weed & litter free", "<i>No</i> clippings left on paths", "Łąka – koszenie"],
    ];

    /// <summary>Every case: its name and the bytes it composes to.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        var renderer = EmailTestData.Renderer();
        foreach (var name in EmailSamples.TemplateNames)
        {
            var samples = EmailSamples.For(name);
            for (var i = 0; i < samples.Count; i++)
            {
                yield return ($"sample {name} {i}", Rendered(renderer.Render(samples[i])));
            }
        }

        foreach (var (name, letter) in Letters())
        {
            yield return (name, Rendered(renderer.Render(letter)));
        }

        var random = new Random(20261130);
        var builder = EmailTestData.Builder();
        var calendar = EmailTestData.Calendar(renderer);
        var orders = Enumerable.Range(0, 60).Select(n => Order(random, n)).ToList();
        for (var n = 0; n < orders.Count; n++)
        {
            var order = orders[n];
            var organisation = EmailTestData.Organisation(Pick(random, Texts) is { Length: > 0 } text ? text : "Example Homes") with
            {
                Phone = n % 3 == 0 ? null : "0808 157 0192",
                Email = n % 4 == 0 ? null : "customer.services@examplehomes.example",
            };
            var contractor = EmailTestData.Contractor(name: Pick(random, Texts) is { Length: > 0 } name ? name.Replace("\r\n", " ", StringComparison.Ordinal) : "Greenscape");
            EmailModel model = order.Status == WorkOrderStatus.Cancelled
                ? new ContractorCancellationEmail(organisation, contractor, order, n % 2 == 0 ? null : Pick(random, Texts))
                : new ContractorWorkOrderEmail(organisation, contractor, order);
            yield return ($"order {n} {order.Status}", Written(renderer, builder, calendar, model, contractor, [order], $"order/{order.Reference}/{n}", order.Reference));
        }

        var live = orders.Where(o => o.Status != WorkOrderStatus.Cancelled).ToList();
        for (var week = 0; week < 6; week++)
        {
            var chosen = live.Skip(week * 5).Take(week + 1).ToList();
            var contractor = EmailTestData.Contractor();
            var start = new LocalDate(2027, 5, 3).PlusWeeks(week);
            var model = new ContractorProgrammeEmail(EmailTestData.Organisation(), contractor, start, chosen);
            yield return ($"programme {week}", Written(renderer, builder, calendar, model, contractor, chosen, $"programme/greenscape/{start:uuuu-MM-dd}", $"programme-{start:uuuu-MM-dd}"));
        }

        // Orders with an appointment booked with the tenant (branch appt25; recorded then, the cases above unchanged):
        // a morning with hours in winter (GMT) and in summer (BST), and a slot without hours whose name needs escaping.
        var morning = new SlotHours(new LocalTime(8, 0), new LocalTime(12, 0));
        WorkOrderView[] booked =
        [
            live[0] with { Appointment = new OrderAppointment(new LocalDate(2027, 1, 8), "AM", morning) },
            live[1] with { Appointment = new OrderAppointment(new LocalDate(2027, 7, 8), "PM", new SlotHours(new LocalTime(12, 30), new LocalTime(17, 0))) },
            live[2] with { Appointment = new OrderAppointment(new LocalDate(2027, 3, 28), "Early & <late>", null) },
        ];
        for (var n = 0; n < booked.Length; n++)
        {
            var contractor = EmailTestData.Contractor();
            var model = new ContractorWorkOrderEmail(EmailTestData.Organisation(), contractor, booked[n]);
            yield return ($"order appointment {n}", Written(renderer, builder, calendar, model, contractor, [booked[n]], $"order/{booked[n].Reference}/a{n}", booked[n].Reference));
        }

        var week0 = new LocalDate(2027, 5, 3);
        var mixed = new List<WorkOrderView>(booked) { live[3] };
        var programme = new ContractorProgrammeEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), week0, mixed);
        yield return ("programme appointments", Written(renderer, builder, calendar, programme, EmailTestData.Contractor(), mixed, "programme/greenscape/appointments", "programme-appointments"));

        // Changed-appointment notices (branch rebook26; recorded then, the cases above unchanged): a visit rebooked after
        // no access (the new appointment and the one it replaces, sequence 2) and one booked after the notice went (no
        // earlier appointment, sequence 1).
        WorkOrderView[] changed =
        [
            booked[0] with { Status = WorkOrderStatus.Changed, Sequence = 2, PreviousAppointment = booked[2].Appointment, Appointment = booked[1].Appointment },
            booked[1] with { Status = WorkOrderStatus.Changed, Sequence = 1 },
        ];
        for (var n = 0; n < changed.Length; n++)
        {
            var contractor = EmailTestData.Contractor();
            var model = new ContractorWorkOrderEmail(EmailTestData.Organisation(), contractor, changed[n]);
            yield return ($"order appointment change {n}", Written(renderer, builder, calendar, model, contractor, [changed[n]], $"order/{changed[n].Reference}/appointment/{n}", changed[n].Reference));
        }
    }

    /// <summary>Every appointment letter (first, second, third, changed, cancelled) in each language and print size, named as its case.</summary>
    public static IEnumerable<(string Name, TenantAppointmentEmail Letter)> Letters()
    {
        foreach (var letter in new[] { AppointmentLetter.First, AppointmentLetter.Second, AppointmentLetter.Third, AppointmentLetter.Changed, AppointmentLetter.Cancelled })
        {
            foreach (var language in new[] { "en", "pl", "cy", "pl-PL" })
            {
                foreach (var largePrint in new[] { false, true })
                {
                    yield return ($"letter {letter} {language} large {largePrint}", EmailTestData.Letter(letter, language, largePrint));
                }
            }
        }
    }

    /// <summary>The SHA-256 of <paramref name="bytes"/>, in lower-case hex.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Written(
        TemplateRenderer renderer,
        MessageBuilder builder,
        OrderCalendar calendar,
        EmailModel model,
        Contractor contractor,
        IReadOnlyList<WorkOrderView> orders,
        string key,
        string fileName)
    {
        var content = renderer.Render(model);
        var ics = calendar.Write(orders, contractor, EmailTestData.Stamp);
        var message = builder.WriteForContractor(MessageIds.FromKey(key), contractor, content, EmailTestData.Stamp, ics, OrderCsv.Write(orders), fileName);
        return message.Serialized!.ToBytes();
    }

    private static byte[] Rendered(RenderedEmail email) =>
        Encoding.UTF8.GetBytes($"{email.Language}\n{email.Subject}\n---\n{email.Text}\n---\n{email.Html}");

    private static WorkOrderView Order(Random random, int n)
    {
        var start = new LocalDate(2027, 1, 4).PlusDays(random.Next(0, 900));
        if (n == 7)
        {
            start = new LocalDate(2028, 2, 27);
        }

        var window = new ServiceWindow(start, start.PlusDays(random.Next(0, 20)));
        var status = (n % 5) switch
        {
            3 => WorkOrderStatus.Changed,
            4 => WorkOrderStatus.Cancelled,
            _ => WorkOrderStatus.New,
        };
        var followUps = Enumerable.Range(0, random.Next(0, 3)).Select(f => new FollowUpView(
            WorkOrderReference.Format(2027, 5_000 + (n * 3) + f),
            Pick(random, Texts) is { Length: > 0 } service ? service : "Path sweeping",
            new ServiceWindow(window.End.PlusDays(f + 1), window.End.PlusDays(f + 10)),
            window.End.PlusDays(f + 2))).ToList();
        var address = Pick(random, Texts);
        return new WorkOrderView(
            WorkOrderReference.Format(2027, 100 + n),
            n % 2 == 0 ? "grass-cut" : "=formula-like",
            Pick(random, Texts) is { Length: > 0 } name ? name : "Grass cutting",
            $"S{n}",
            Pick(random, Texts),
            address,
            n % 6 == 0 ? string.Empty : "LS1 1AA",
            window,
            window.Start.PlusDays(random.Next(0, window.Days)),
            Pick(random, Checklists),
            followUps,
            status,
            status == WorkOrderStatus.New ? 0 : random.Next(1, 4))
        {
            Feedback = status != WorkOrderStatus.Cancelled && n % 3 != 1
                ? new FeedbackLinksView($"https://feedback.example/o/{n}?a=done&s=x\"<", $"https://feedback.example/o/{n}?a=no-access", $"https://feedback.example/o/{n}?a=defect&x='1'", window.End.PlusDays(14))
                : null,
        };
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
