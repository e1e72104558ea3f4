using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Worker.Email;

/// <summary>
/// Made-up emails of every kind, used by <see cref="TemplateRenderer.ValidateTemplates"/> to render each template
/// once with every optional part present and once with every optional part absent, so both sides of an
/// <c>if</c> on them meet the strict variable check (contractor notices and programmes have a third sample: orders with
/// an appointment booked with the tenant; the programme's has one on its target date, one on another day of the week,
/// one after the week and one without an appointment; and a fourth: a repair with its promise and deadline; a notice has
/// a changed-window sample too, with the window and target sent before, and a changed-address one, booked with the tenant).
/// </summary>
internal static class EmailSamples
{
    /// <summary>The names of the templates the worker uses; each must exist in English.</summary>
    public static IReadOnlyList<string> TemplateNames { get; } =
    [
        ContractorWorkOrderEmail.Template,
        ContractorProgrammeEmail.Template,
        ContractorCancellationEmail.Template,
        "tenant-appointment-first",
        "tenant-appointment-second",
        "tenant-appointment-third",
        TenantAppointmentEmail.ChangedTemplate,
        TenantAppointmentEmail.CancelledTemplate,
        ManagerEscalationEmail.Template,
        TenantImprovementEmail.Template,
        ManagerDigestEmail.Template,
    ];

    /// <summary>Sample emails for <paramref name="templateName"/>: a full one and a sparse one; empty for an unknown name.</summary>
    public static IReadOnlyList<EmailModel> For(string templateName)
    {
        var full = Organisation(full: true);
        var sparse = Organisation(full: false);
        return templateName switch
        {
            ContractorWorkOrderEmail.Template =>
            [
                new ContractorWorkOrderEmail(full, Contractor, Order(WorkOrderStatus.Changed, followUps: true)),
                new ContractorWorkOrderEmail(sparse, Contractor, Order(WorkOrderStatus.New, followUps: false)),
                new ContractorWorkOrderEmail(full, Contractor, Order(WorkOrderStatus.New, followUps: false) with { Appointment = MorningWithHours }),
                new ContractorWorkOrderEmail(full, Contractor, Order(WorkOrderStatus.Changed, followUps: false) with
                {
                    Appointment = new OrderAppointment(new LocalDate(2027, 5, 26), "PM", null),
                    PreviousAppointment = MorningWithHours,
                }),
                new ContractorWorkOrderEmail(sparse, Contractor, Order(WorkOrderStatus.Changed, followUps: false) with { Appointment = MorningWithHours }),
                new ContractorWorkOrderEmail(full, Contractor, Order(WorkOrderStatus.New, followUps: false) with { Repair = EmergencyRepair }),
                new ContractorWorkOrderEmail(full, Contractor, Order(WorkOrderStatus.Changed, followUps: false) with
                {
                    PreviousWindow = new ServiceWindow(new LocalDate(2027, 5, 10), new LocalDate(2027, 5, 14)),
                    PreviousTargetDate = new LocalDate(2027, 5, 11),
                }),
                new ContractorWorkOrderEmail(full, Contractor, Order(WorkOrderStatus.Changed, followUps: false) with { Appointment = MorningWithHours, AddressChanged = true }),
            ],
            ContractorProgrammeEmail.Template =>
            [
                new ContractorProgrammeEmail(full, Contractor, new LocalDate(2027, 5, 10), [Order(WorkOrderStatus.New, true), Order(WorkOrderStatus.Changed, false)]),
                new ContractorProgrammeEmail(sparse, Contractor, new LocalDate(2027, 5, 10), []),
                new ContractorProgrammeEmail(full, Contractor, new LocalDate(2027, 5, 10),
                [
                    Order(WorkOrderStatus.New, false) with { Appointment = MorningWithHours },
                    Order(WorkOrderStatus.New, false),
                    Order(WorkOrderStatus.New, false) with { Appointment = new OrderAppointment(new LocalDate(2027, 5, 13), "PM", null) },
                    Order(WorkOrderStatus.New, false) with { Appointment = new OrderAppointment(new LocalDate(2027, 5, 19), "AM", MorningWithHours.Hours) },
                ]),
                new ContractorProgrammeEmail(full, Contractor, new LocalDate(2027, 5, 10), [Order(WorkOrderStatus.New, false) with { Repair = EmergencyRepair with { Defect = null } }]),
            ],
            ContractorCancellationEmail.Template =>
            [
                new ContractorCancellationEmail(full, Contractor, Order(WorkOrderStatus.Cancelled, true), "The site is closed for building work."),
                new ContractorCancellationEmail(sparse, Contractor, Order(WorkOrderStatus.Cancelled, false)),
            ],
            "tenant-appointment-first" => Letters(AppointmentLetter.First, full, sparse),
            "tenant-appointment-second" => Letters(AppointmentLetter.Second, full, sparse),
            "tenant-appointment-third" => Letters(AppointmentLetter.Third, full, sparse),
            TenantAppointmentEmail.ChangedTemplate => Letters(AppointmentLetter.Changed, full, sparse),
            TenantAppointmentEmail.CancelledTemplate => Letters(AppointmentLetter.Cancelled, full, sparse),
            ManagerEscalationEmail.Template => Escalations(full, sparse),
            TenantImprovementEmail.Template =>
            [
                new TenantImprovementEmail(full, SampleTenant, SampleHome, new ImprovementView(2028, ["kitchen", "bathroom", "heating-distribution", "new-component"])) { Dated = LetterDated },
                new TenantImprovementEmail(sparse, SampleTenant with { LargePrint = true }, SampleHome, new ImprovementView(2028, ["boiler"])) { Dated = LetterDated },
            ],
            ManagerDigestEmail.Template => Digests(full, sparse),
            _ => [],
        };
    }

    /// <summary>
    /// A repair raised from a defect (a fourth contractor sample, branch review28): reported 10:00, due 14:00, with the
    /// reporting contractor's description of the defect (branch defect29; the programme's sample has none).
    /// </summary>
    private static readonly OrderRepair EmergencyRepair = new(
        "repairs-emergency",
        "Emergency repairs",
        "Attend and make safe within 4 hours",
        Emergency: true,
        new LocalDateTime(2027, 5, 11, 10, 0).InZoneStrictly(Organisation(full: false).Zone),
        new LocalDateTime(2027, 5, 11, 14, 0).InZoneStrictly(Organisation(full: false).Zone),
        "Water coming through the kitchen ceiling from the bathroom above; the ceiling light is wet & flickering.");

    /// <summary>An appointment booked with the tenant, in a slot with hours (a slot without them is in the programme sample).</summary>
    private static readonly OrderAppointment MorningWithHours = new(new LocalDate(2027, 5, 12), "AM", new SlotHours(new LocalTime(8, 0), new LocalTime(12, 0)));

    /// <summary>Appointments of the samples, with hours and without, for what words a slot outside an email (the calendar).</summary>
    internal static IReadOnlyList<OrderAppointment> Appointments { get; } = [MorningWithHours, new(new LocalDate(2027, 5, 13), "PM", null)];

    private static readonly Contractor Contractor =
        new("greenscape", "Greenscape Grounds Ltd", "jobs@greenscape.example", ["grass-cut", "path-sweep"], ["north"], DispatchMode.PerOrder);

    private static Organisation Organisation(bool full) => full
        ? new Organisation("Example Homes", "Europe/London", BankHolidayRegion.EnglandAndWales)
        {
            Phone = "0808 157 0192",
            Email = "customer.services@examplehomes.example",
        }
        : new Organisation("Example Homes", "Europe/London", BankHolidayRegion.EnglandAndWales);

    private static WorkOrderView Order(WorkOrderStatus status, bool followUps) => new(
        "WO-2027-000123",
        "grass-cut",
        "Grass cutting",
        "S1",
        "Oakfield Estate",
        "Oakfield Estate",
        "LS1 1AA",
        new ServiceWindow(new LocalDate(2027, 5, 10), new LocalDate(2027, 5, 21)),
        new LocalDate(2027, 5, 12),
        ["Grass cut and edges trimmed", "Hardstanding kept weed and litter free"],
        followUps
            ? [new FollowUpView("WO-2027-000124", "Path sweeping after a grass cut", new ServiceWindow(new LocalDate(2027, 5, 13), new LocalDate(2027, 5, 26)), new LocalDate(2027, 5, 14))]
            : [],
        status,
        status == WorkOrderStatus.New ? 0 : 2)
    {
        Feedback = status == WorkOrderStatus.Cancelled
            ? null
            : new Feedback.FeedbackLinksView(
                "https://feedback.example.org/feedback/sample-token?outcome=done",
                "https://feedback.example.org/feedback/sample-token?outcome=no-access",
                "https://feedback.example.org/feedback/sample-token?outcome=defect",
                new LocalDate(2027, 6, 18)),
    };

    private static readonly Home SampleHome =
        new("H1", null, "S1", "Flat 2, 1 High Street", "LS1 1AB", "north", Gas: true, null, null, null, null, new Dictionary<string, string>());

    /// <summary>The samples' letter date (<see cref="TenantEmail.Dated"/>): Monday 23 August 2027, three weeks before their visit.</summary>
    private static readonly LocalDate LetterDated = new(2027, 8, 23);

    private static readonly Tenant SampleTenant = new("T1", "H1", "Sam Example", "sam@example.org", null, ContactChannel.Email, LargePrint: false, "en");

    private static IReadOnlyList<EmailModel> Digests(Organisation full, Organisation sparse) =>
    [
        new ManagerDigestEmail(full, new LocalDate(2027, 5, 10),
        [
            new Hosting.Digest.DigestSection(10, "Gas safety: deadlines within 14 days", "2 homes have no appointment.",
            [
                new Hosting.Digest.DigestLine("north", "H1", "deadline Friday 21 May 2027"),
                new Hosting.Digest.DigestLine(string.Empty, "H2", "deadline Monday 24 May 2027"),
            ]),
            new Hosting.Digest.DigestSection(90, "Outbox", "Nothing listed.", []),
        ]),
        new ManagerDigestEmail(sparse, new LocalDate(2027, 5, 10), []),
    ];

    private static List<EmailModel> Letters(AppointmentLetter letter, Organisation full, Organisation sparse)
    {
        var home = SampleHome;
        var tenant = SampleTenant;
        AppointmentView Appointment(LocalDate? previous, string slot) => new(
            "WO-2027-000200",
            "gas-safety",
            "Annual gas safety check",
            new LocalDate(2027, 9, 14),
            slot,
            ["Every gas appliance, flue and pipework checked"],
            letter,
            previous);
        // A changed letter always names the visit it replaces: with hours in the full sample, without in the sparse one. A
        // cancelled letter names the day of the check made in the full sample, none in the sparse one.
        var changed = letter == AppointmentLetter.Changed;
        var cancelled = letter == AppointmentLetter.Cancelled;
        var later = letter is AppointmentLetter.Second or AppointmentLetter.Third;
        var afternoon = new OrderAppointment(new LocalDate(2027, 9, 7), "PM", new SlotHours(new LocalTime(12, 0), new LocalTime(17, 0)));
        var morning = new SlotHours(new LocalTime(8, 0), new LocalTime(12, 0));
        List<EmailModel> samples =
        [
            new TenantAppointmentEmail(full, tenant, home, Appointment(changed || cancelled ? null : new LocalDate(2027, 8, 31), "AM") with
            {
                Hours = morning,
                Replaces = changed ? afternoon : null,
                CheckedOn = cancelled ? new LocalDate(2027, 8, 19) : null,
            }) { Dated = LetterDated },
            new TenantAppointmentEmail(sparse, tenant with { LargePrint = true }, home, Appointment(null, "PM") with
            {
                Replaces = changed ? new OrderAppointment(new LocalDate(2027, 9, 7), "AM", null) : null,
            }) { Dated = LetterDated },
        ];
        if (later)
        {
            // A second or third letter that also cancels a visit the tenant was told of under another order (branch cancel39).
            samples.Add(new TenantAppointmentEmail(full, tenant, home, Appointment(new LocalDate(2027, 8, 31), "AM") with { Hours = morning, Replaces = afternoon })
            {
                Dated = LetterDated,
            });
        }

        return samples;
    }

    private static IReadOnlyList<EmailModel> Escalations(Organisation full, Organisation sparse)
    {
        static Persistence.Gas.GasAttemptEvidence Attempt(int n, int day, string? letter, LocalDate? reported) =>
            new(n, new LocalDate(2027, 4, day), "AM", letter, new LocalDate(2027, 3, 15), "no-access", reported);
        var three = new Persistence.Gas.GasEscalationPayload(
            Persistence.Gas.GasEscalationPayload.GasNoAccess, "H1", "north", "WO-2027-000200", new LocalDate(2027, 6, 10), new LocalDate(2027, 4, 26),
            "3 attempts, no access on 2027-04-12 AM, 2027-04-19 AM, 2027-04-26 AM; deadline 2027-06-10: escalated to the compliance manager",
            [
                Attempt(1, 12, "appointment-first", new LocalDate(2027, 4, 12)) with { LetterState = Persistence.Gas.GasLetterStates.Emailed, LetterStateOn = new LocalDate(2027, 3, 16) },
                Attempt(2, 19, "appointment-second", new LocalDate(2027, 4, 19)) with { LetterState = Persistence.Gas.GasLetterStates.Posted, LetterStateOn = new LocalDate(2027, 3, 20) },
                Attempt(3, 26, "appointment-third", new LocalDate(2027, 4, 26)) with { LetterState = Persistence.Gas.GasLetterStates.Queued, LetterStateOn = new LocalDate(2027, 3, 15) },
            ]);
        var unbooked = three with { Attempts = [Attempt(1, 12, null, null)] };
        return
        [
            new ManagerEscalationEmail(full, three, "Flat 2, 1 High Street", "LS1 1AB"),
            new ManagerEscalationEmail(sparse, unbooked, "H1", string.Empty),
        ];
    }
}
