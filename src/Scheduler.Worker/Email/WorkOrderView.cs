using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Email;

/// <summary>
/// What a contractor's email, calendar file and CSV say about one work order. A small, flat copy of the domain
/// records (templates never see entities): the reference, service and checklist, where, when, its follow-ups, and
/// why it is being sent (<see cref="Status"/>, <see cref="Sequence"/>).
/// </summary>
/// <param name="Reference">The order's reference, e.g. <c>WO-2027-000123</c>; its calendar UID is built from it.</param>
/// <param name="ServiceId">The service id from config, e.g. <c>grass-cut</c>.</param>
/// <param name="ServiceName">The service's name from config.</param>
/// <param name="AssetId">The site, block or home id from the register.</param>
/// <param name="AssetName">A site's or block's name, a home's address.</param>
/// <param name="Address">Where to go: a home's address, a site's name, or "block, site" for a block.</param>
/// <param name="Postcode">The postcode (a block's is its site's); empty when unknown.</param>
/// <param name="Window">When the work may be done; inclusive at both ends.</param>
/// <param name="TargetDate">The working day inside the window the work is aimed at.</param>
/// <param name="Checklist">What the visit must include, from the service's checklist in config.</param>
/// <param name="FollowUps">Visits that follow this one (e.g. a path sweep after the cut); often empty.</param>
/// <param name="Status">New, changed or cancelled.</param>
/// <param name="Sequence">
/// The iCalendar SEQUENCE: 0 when first sent, higher on every later change; a cancellation must carry a higher
/// sequence than the last request the contractor received.
/// </param>
public sealed record WorkOrderView(
    string Reference,
    string ServiceId,
    string ServiceName,
    string AssetId,
    string AssetName,
    string Address,
    string Postcode,
    ServiceWindow Window,
    LocalDate TargetDate,
    IReadOnlyList<string> Checklist,
    IReadOnlyList<FollowUpView> FollowUps,
    WorkOrderStatus Status,
    int Sequence)
{
    /// <summary>
    /// The signed feedback links for this order (done, no access, defect), or null when links are off or the email is
    /// a cancellation. Templates show them as <c>order.feedback.done</c>, <c>.no_access</c>, <c>.defect</c>, <c>.last_day</c>.
    /// </summary>
    public Feedback.FeedbackLinksView? Feedback { get; init; }

    /// <summary>
    /// The appointment booked with the tenant (a live booked gas visit), or null when the order has none or the
    /// email is a cancellation. Templates show it as <c>order.appointment</c>; the calendar entry is on its day.
    /// </summary>
    public OrderAppointment? Appointment { get; init; }

    /// <summary>
    /// For a changed-appointment notice (<see cref="Status"/> <see cref="WorkOrderStatus.Changed"/> with an
    /// <see cref="Appointment"/>), the order's appointment before it, which the new one replaces (the visit missed for no
    /// access); null when the order had none or the email is not such a notice. Templates show it as
    /// <c>order.previous_appointment</c>; the calendar entry's description names it.
    /// </summary>
    public OrderAppointment? PreviousAppointment { get; init; }

    /// <summary>
    /// For a changed-window notice (<see cref="Status"/> <see cref="WorkOrderStatus.Changed"/> written when the order's
    /// window moved after it was sent: a path sweep whose cut was reported done late), the window the contractor was sent
    /// before (the same start, the earlier end); null in every other message. Templates show it as
    /// <c>order.previous_window</c>.
    /// </summary>
    public ServiceWindow? PreviousWindow { get; init; }

    /// <summary>With <see cref="PreviousWindow"/>, the target date the contractor was sent before; null otherwise (<c>order.previous_target_date</c>).</summary>
    public LocalDate? PreviousTargetDate { get; init; }

    /// <summary>
    /// True for a changed-address notice (<see cref="Status"/> <see cref="WorkOrderStatus.Changed"/> written when a register
    /// import changed the address, name or postcode of the order's asset after the contractor was sent it): the
    /// <see cref="Address"/> and <see cref="Postcode"/> are the new ones. False in every other message. Templates show it
    /// as <c>order.address_changed</c>.
    /// </summary>
    public bool AddressChanged { get; init; }

    /// <summary>
    /// For a repair raised from a defect, its promise and deadline (the SLA category, when reported, the moment it is
    /// due by); null for calendar work. Templates show it as <c>order.repair</c>; the calendar entry's description names it.
    /// </summary>
    public OrderRepair? Repair { get; init; }

    /// <summary>
    /// Builds the view of <paramref name="occurrence"/>: names, address and postcode come from
    /// <paramref name="register"/>, the name and checklist from <paramref name="service"/>. Throws
    /// <see cref="ArgumentException"/> when the service is not the occurrence's or the register lacks the asset.
    /// </summary>
    public static WorkOrderView Create(
        string reference,
        Occurrence occurrence,
        ServiceDefinition service,
        EstateRegister register,
        WorkOrderStatus status,
        int sequence,
        IReadOnlyList<FollowUpView>? followUps = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentNullException.ThrowIfNull(occurrence);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(register);
        if (!string.Equals(occurrence.Service, service.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Service '{service.Id}' is not the occurrence's service '{occurrence.Service}'.", nameof(service));
        }

        if (status == WorkOrderStatus.Invalid)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Status must be New, Changed or Cancelled.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var (name, address, postcode) = register.FindAsset(occurrence.AssetId) switch
        {
            Site s => (s.Name, s.Name, s.Postcode),
            Block b => (b.Name, $"{b.Name}, {SiteName(register, b.SiteId)}", SitePostcode(register, b.SiteId)),
            Home h => (h.Address, h.Address, h.Postcode),
            _ => throw new ArgumentException($"The register has no asset '{occurrence.AssetId}'.", nameof(occurrence)),
        };

        return new WorkOrderView(
            reference,
            service.Id,
            string.IsNullOrWhiteSpace(service.Name) ? service.Id : service.Name,
            occurrence.AssetId,
            name,
            address,
            postcode,
            occurrence.Window,
            occurrence.TargetDate,
            service.Checklist,
            followUps ?? [],
            status,
            sequence);
    }

    /// <summary>
    /// Ids, dates and codes only: never the asset's name, the address or the postcode (a home's name is its address; logs
    /// carry ids). The repair prints its own way (<see cref="OrderRepair.ToString"/>: no defect description).
    /// </summary>
    public override string ToString() =>
        $"WorkOrderView {{ Reference = {Reference}, ServiceId = {ServiceId}, ServiceName = {ServiceName}, AssetId = {AssetId}, AssetName = (withheld), Address = (withheld), "
        + $"Postcode = (withheld), Window = {Window}, TargetDate = {TargetDate}, Checklist = {Checklist.Count} item(s), FollowUps = {FollowUps.Count}, Status = {Status}, "
        + $"Sequence = {Sequence}, Feedback = {Feedback}, Appointment = {Appointment}, PreviousAppointment = {PreviousAppointment}, PreviousWindow = {PreviousWindow}, "
        + $"PreviousTargetDate = {PreviousTargetDate}, AddressChanged = {AddressChanged}, Repair = {Repair} }}";

    private static string SiteName(EstateRegister register, string siteId) =>
        register.FindAsset(siteId) is Site site ? site.Name : siteId;

    private static string SitePostcode(EstateRegister register, string siteId) =>
        register.FindAsset(siteId) is Site site ? site.Postcode : string.Empty;
}
