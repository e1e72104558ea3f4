using MimeKit;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Configuration;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Made-up people, orders and letters for the email tests, some with hostile values.</summary>
internal static class EmailTestData
{
    public const string Hostile = "<script>alert(\"x\")</script> O'Brien & Sons\r\nBcc: victim@example.org";

    public static readonly Instant Stamp = Instant.FromUtc(2027, 5, 1, 8, 0, 0);

    public static string TemplatesFolder => Path.Join(RepositoryRoot.ConfigFolder, "templates");

    public static TemplateRenderer Renderer() => new(TemplatesFolder);

    public static MessageBuilder Builder() => new(new MailboxAddress("Example Homes", "orders@examplehomes.example"));

    /// <summary>The calendar writer; given <paramref name="renderer"/>, it words slots with its <c>_order-slot.txt</c>, as the dispatcher's does.</summary>
    public static OrderCalendar Calendar(TemplateRenderer? renderer = null) =>
        new("estate-scheduler", Organisation(), "orders@examplehomes.example", renderer is null ? null : appointment => renderer.SlotWords(appointment));

    public static Organisation Organisation(string name = "Example Homes") =>
        new(name, "Europe/London", BankHolidayRegion.EnglandAndWales)
        {
            Phone = "0808 157 0192",
            Email = "customer.services@examplehomes.example",
        };

    public static Contractor Contractor(string email = "jobs@greenscape.example", string name = "Greenscape Grounds Ltd") =>
        new("greenscape", name, email, ["grass-cut", "path-sweep"], ["north"], DispatchMode.PerOrder);

    public static WorkOrderView Order(
        int number = 123,
        WorkOrderStatus status = WorkOrderStatus.New,
        int sequence = 0,
        string address = "Oakfield Estate",
        string assetName = "Oakfield Estate",
        IReadOnlyList<string>? checklist = null) => new(
        WorkOrderReference.Format(2027, number),
        "grass-cut",
        "Grass cutting",
        "S1",
        assetName,
        address,
        "LS1 1AA",
        new ServiceWindow(new LocalDate(2027, 5, 10), new LocalDate(2027, 5, 21)),
        new LocalDate(2027, 5, 12),
        checklist ?? ["Grass cut and edges trimmed", "Hardstanding kept weed and litter free"],
        [new FollowUpView(WorkOrderReference.Format(2027, number + 1), "Path sweeping after a grass cut", new ServiceWindow(new LocalDate(2027, 5, 13), new LocalDate(2027, 5, 26)), new LocalDate(2027, 5, 14))],
        status,
        sequence);

    public static Tenant Tenant(string language = "en", bool largePrint = false, string name = "Sam Example", string? email = "sam@example.org") =>
        new("T1", "H1", name, email, null, ContactChannel.Email, largePrint, language);

    public static Home Home(string address = "Flat 2, 1 High Street") =>
        new("H1", null, "S1", address, "LS1 1AB", "north", Gas: true, null, null, null, null, new Dictionary<string, string>());

    public static AppointmentView Appointment(AppointmentLetter letter = AppointmentLetter.First, string service = "Annual gas safety check") => new(
        "WO-2027-000200",
        "gas-safety",
        service,
        new LocalDate(2027, 9, 14),
        "AM",
        ["Every gas appliance, flue and pipework checked"],
        letter,
        letter is AppointmentLetter.Second or AppointmentLetter.Third ? new LocalDate(2027, 8, 31) : null);

    public static TenantAppointmentEmail Letter(
        AppointmentLetter letter = AppointmentLetter.First,
        string language = "en",
        bool largePrint = false,
        SlotHours? hours = null) =>
        new(Organisation(), Tenant(language, largePrint), Home(), Appointment(letter) with
        {
            Hours = hours,
            Replaces = letter == AppointmentLetter.Changed ? new OrderAppointment(new LocalDate(2027, 9, 7), "PM", hours is null ? null : Afternoon) : null,
            CheckedOn = letter == AppointmentLetter.Cancelled ? new LocalDate(2027, 8, 19) : null,
        }) { Dated = LetterDated };

    /// <summary>The date of the test letters (<see cref="TenantEmail.Dated"/>): Monday 23 August 2027.</summary>
    public static LocalDate LetterDated => new(2027, 8, 23);

    /// <summary>The shipped morning slot's hours, 08:00 to 12:00.</summary>
    public static SlotHours Morning => new(new LocalTime(8, 0), new LocalTime(12, 0));

    /// <summary>The shipped afternoon slot's hours, 12:00 to 17:00.</summary>
    public static SlotHours Afternoon => new(new LocalTime(12, 0), new LocalTime(17, 0));

    /// <summary>A contractor's per-order message, built with MimeKit (the reference for what the dispatcher writes).</summary>
    public static MimeMessage ContractorMessage(TemplateRenderer renderer, string messageId, WorkOrderView order, string contractorEmail)
    {
        var contractor = Contractor(contractorEmail);
        EmailModel model = order.Status == WorkOrderStatus.Cancelled
            ? new ContractorCancellationEmail(Organisation(), contractor, order)
            : new ContractorWorkOrderEmail(Organisation(), contractor, order);
        var content = renderer.Render(model);
        var ics = Calendar().Write([order], contractor, Stamp);
        return Builder().ForContractor(messageId, contractor, content, Stamp, ics, OrderCsv.Write([order]), order.Reference);
    }

    /// <summary>A contractor's per-order message, written straight to bytes as the dispatcher writes it.</summary>
    public static OutgoingMessage WrittenContractorMessage(TemplateRenderer renderer, string messageId, WorkOrderView order, string contractorEmail)
    {
        var contractor = Contractor(contractorEmail);
        EmailModel model = order.Status == WorkOrderStatus.Cancelled
            ? new ContractorCancellationEmail(Organisation(), contractor, order)
            : new ContractorWorkOrderEmail(Organisation(), contractor, order);
        var content = renderer.Render(model);
        var ics = Calendar().Write([order], contractor, Stamp);
        return Builder().WriteForContractor(messageId, contractor, content, Stamp, ics, OrderCsv.Write([order]), order.Reference);
    }
}
