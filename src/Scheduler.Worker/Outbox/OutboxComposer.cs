using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Turns a claimed outbox row into the MIME message it stands for, from the current templates and data: the orders
/// it names (names and addresses from the register tables, service name and checklist from config), the contractor
/// as the last apply stored it. Contractor mail carries the <c>.ics</c> (REQUEST, or CANCEL with the same UID and a
/// higher SEQUENCE) and the <c>.csv</c>; a programme sent in parts names its part in the files' names
/// (<c>programme-2027-03-08-part-2-of-3</c>). A template error makes that one row dead with the template, line and
/// order named; a row whose orders were all cancelled first is superseded. Date and DTSTAMP are the row's creation
/// time, so a re-send is the same message with the same Message-Id.
/// </summary>
internal sealed class OutboxComposer(TemplateRenderer renderer, MessageBuilder builder, OrderCalendar calendar, EstateConfiguration config, TenantLetterComposer tenantLetters, Feedback.FeedbackLinks? links = null)
{
    // The organisation's zone, for a repair's report time and deadline and the feedback links' last day.
    private readonly NodaTime.DateTimeZone _zone = config.Organisation.Zone;

    /// <summary>Composes <paramref name="claimed"/>; never throws for bad data or templates (those are results).</summary>
    public ComposedMessage Compose(
        ClaimedMessage claimed,
        IReadOnlyDictionary<long, OutboxOrder> orders,
        ILookup<long, OutboxOrder> followUps,
        IReadOnlyDictionary<string, OutboxContractor> contractors,
        TenantLetterData letters,
        CancellationToken cancellationToken)
    {
        if (claimed.Kind == OutboxKinds.ManagerDigest)
        {
            return new DigestComposer(renderer, builder, config).Compose(claimed, cancellationToken);
        }

        if (claimed.Kind == OutboxKinds.ManagerEscalation)
        {
            return new EscalationComposer(renderer, builder, config).Compose(claimed, orders, cancellationToken);
        }

        if (claimed.Kind == OutboxKinds.TenantLetter)
        {
            return tenantLetters.Compose(claimed, letters, orders, cancellationToken);
        }

        if (claimed.RecipientKind != "contractor")
        {
            return ComposedMessage.Dead(claimed, $"Messages of kind '{claimed.Kind}' are not sent by this version of the dispatcher.");
        }

        if (!contractors.TryGetValue(claimed.RecipientId, out var stored))
        {
            return ComposedMessage.Dead(claimed, $"Contractor '{claimed.RecipientId}' is not in the database (apply copies contractors from config).");
        }

        var cancellation = claimed.Kind == OutboxKinds.ContractorCancellation;
        var named = claimed.WorkOrderIds.Select(id => orders.GetValueOrDefault(id)).OfType<OutboxOrder>().ToList();
        var wanted = named.Where(o => cancellation == (o.Status == "cancelled")).ToList();
        if (wanted.Count == 0)
        {
            return ComposedMessage.Superseded(claimed, cancellation
                ? "not sent: the order is no longer cancelled"
                : "not sent: every work order it names was cancelled first");
        }

        // A changed-appointment notice (a contractor-order row with its appointment in the payload) goes only while that
        // appointment is still the order's booked one: rebooked, reported or cancelled first, it is superseded (a later
        // rebooking wrote a notice of its own).
        // A changed-window notice (its payload's change is "window") goes only while the order is open with the window end
        // it announces: reported first, there is nothing left to change.
        // A changed-address notice (its payload's change is "address", written by a register import) goes only while the
        // order is open: it reads the asset's address as the register now has it, like every message.
        AppointmentChangePayload? change = null;
        WindowChangePayload? windowChange = null;
        AddressChangePayload? addressChange = null;
        if (claimed.Kind == OutboxKinds.ContractorOrder && claimed.Payload is { } payload)
        {
            var what = "changed appointment";
            try
            {
                if (AddressChangePayload.Is(payload))
                {
                    what = "changed address";
                    addressChange = AddressChangePayload.FromJson(payload);
                }
                else if (WindowChangePayload.Is(payload))
                {
                    what = "changed window";
                    windowChange = WindowChangePayload.FromJson(payload);
                }
                else
                {
                    change = AppointmentChangePayload.FromJson(payload);
                }
            }
            catch (System.Text.Json.JsonException e)
            {
                return ComposedMessage.Dead(claimed, $"The {what} (payload) cannot be read: {e.Message}");
            }

            if (change is not null && wanted[0].AppointmentId != change.Appointment)
            {
                return ComposedMessage.Superseded(claimed, "not sent: the appointment it announces is no longer booked (booked again, reported or cancelled first)");
            }

            if ((windowChange is not null || addressChange is not null)
                && !(Scheduler.Domain.Planning.WorkOrderStatuses.Parse(wanted[0].Status) is { } orderStatus && Scheduler.Domain.Planning.WorkOrderStatuses.IsOpen(orderStatus)))
            {
                return ComposedMessage.Superseded(claimed, "not sent: the order was reported before the change went");
            }

            if (windowChange is not null && wanted[0].WindowEnd != windowChange.WindowEnd)
            {
                return ComposedMessage.Superseded(claimed, "not sent: the order's window moved again first");
            }
        }

        var status = cancellation ? WorkOrderStatus.Cancelled
            : change is not null || windowChange is not null || addressChange is not null ? WorkOrderStatus.Changed
            : WorkOrderStatus.New;
        var views = wanted.Select(o => View(o, status, claimed.Sequence, followUps[o.Id])).ToList();
        views = cancellation || links is null ? views : [.. views.Select(v => v with { Feedback = links.For(v.Reference, claimed.RecipientId, v.Window.End, _zone) })];
        if (!cancellation && wanted.Any(o => o.AppointmentDate is not null))
        {
            // The tenant's booked day and slot, read with the batch's orders (OutboxStore.LoadOrdersAsync); an order
            // without one reads exactly as before.
            views = [.. views.Zip(wanted, (v, o) => o.AppointmentDate is { } date && o.AppointmentSlot is { } slot
                ? v with { Appointment = new OrderAppointment(date, slot, SlotHoursLookup.Of(config, o.Service, slot)) }
                : v)];
        }

        if (wanted.Any(o => o.SlaCategory is not null))
        {
            // A repair raised from a defect: its promise, the moment it is due by (an emergency's is hours away, not the
            // end of its window's day) and what the defect is; calendar work reads exactly as before.
            views = [.. views.Zip(wanted, (v, o) => Repair(o) is { } repair ? v with { Repair = repair } : v)];
        }

        if (change is { PreviousDate: { } previousDate, PreviousSlot: { } previousSlot })
        {
            views = [views[0] with { PreviousAppointment = new OrderAppointment(previousDate, previousSlot, SlotHoursLookup.Of(config, wanted[0].Service, previousSlot)) }];
        }

        if (windowChange is not null)
        {
            views = [views[0] with { PreviousWindow = new ServiceWindow(windowChange.PreviousWindowStart ?? wanted[0].WindowStart, windowChange.PreviousWindowEnd), PreviousTargetDate = windowChange.PreviousTarget }];
        }

        if (addressChange is not null)
        {
            views = [views[0] with { AddressChanged = true }];
        }

        var contractor = ToContractor(stored);
        var part = ProgrammePart.Whole;
        if (claimed.Kind == OutboxKinds.ContractorProgramme)
        {
            try
            {
                part = ProgrammePart.FromPayload(claimed.Payload);
            }
            catch (System.Text.Json.JsonException e)
            {
                return ComposedMessage.Dead(claimed, $"The programme's part (payload) cannot be read: {e.Message}");
            }
        }

        if (claimed.Kind == OutboxKinds.ContractorProgramme)
        {
            // As the programme lists them (an order booked with the tenant on its appointment's day), so the .csv's rows
            // and the .ics's events come in the email's order; the same list when no order has an appointment.
            views = [.. ContractorProgrammeEmail.InListedOrder(views)];
        }

        EmailModel model = claimed.Kind switch
        {
            OutboxKinds.ContractorProgramme => new ContractorProgrammeEmail(config.Organisation, contractor, claimed.WeekStart ?? views[0].TargetDate, views)
            {
                Part = part.Part,
                Parts = part.Parts,
            },
            OutboxKinds.ContractorCancellation => new ContractorCancellationEmail(config.Organisation, contractor, views[0], ReasonText(wanted[0].CancelledReason)),
            _ => new ContractorWorkOrderEmail(config.Organisation, contractor, views[0]),
        };
        var fileName = claimed.Kind switch
        {
            OutboxKinds.ContractorProgramme when part.Parts > 1 => $"programme-{claimed.WeekStart ?? views[0].TargetDate:uuuu-MM-dd}-part-{part.Part}-of-{part.Parts}",
            OutboxKinds.ContractorProgramme => $"programme-{claimed.WeekStart ?? views[0].TargetDate:uuuu-MM-dd}",
            OutboxKinds.ContractorCancellation => $"{views[0].Reference}-cancelled",
            _ => views[0].Reference,
        };

        try
        {
            var content = renderer.Render(model, cancellationToken);
            var ics = calendar.Write(views, contractor, claimed.CreatedAt);
            var message = builder.WriteForContractor(claimed.MessageId, contractor, content, claimed.CreatedAt, ics, OrderCsv.Write(views), fileName);
            return ComposedMessage.Ready(claimed, message, [.. wanted.Select(o => o.Id)]);
        }
        catch (TemplateException e)
        {
            return ComposedMessage.TemplateFailed(claimed, e, $"Template error for work order {string.Join(", ", views.Select(v => v.Reference))}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return ComposedMessage.Dead(claimed, $"Cannot build the message for work order {string.Join(", ", views.Select(v => v.Reference))}: {e.Message}");
        }
    }

    private WorkOrderView View(OutboxOrder order, WorkOrderStatus status, int sequence, IEnumerable<OutboxOrder> followUps) => new(
        order.Reference,
        order.Service,
        ServiceName(order.Service),
        order.AssetId,
        order.AssetName,
        order.Address,
        order.Postcode,
        new ServiceWindow(order.WindowStart, order.WindowEnd),
        order.TargetDate,
        config.FindService(order.Service)?.Checklist ?? [],
        [.. followUps.Select(f => new FollowUpView(f.Reference, ServiceName(f.Service), new ServiceWindow(f.WindowStart, f.WindowEnd), f.TargetDate))],
        status,
        sequence);

    /// <summary>
    /// The repair's promise and deadline in the organisation's zone, and the defect's description (read with the batch's
    /// orders); null for an order without an SLA clock.
    /// </summary>
    private OrderRepair? Repair(OutboxOrder order)
    {
        if (order is not { SlaCategory: { } category, ReportedAt: { } reported, SlaDueAt: { } due })
        {
            return null;
        }

        var commitment = Reports.CommitmentCatalog.Published(config).Find(c => c.Id == category)
            ?? Reports.CommitmentCatalog.Other(category, isRepair: true, config);
        var emergency = config.Sla.TryFind(category, out var target) && target.Clock.IsElapsedTime;
        return new OrderRepair(category, commitment.Name, commitment.Promise, emergency, reported.InZone(_zone), due.InZone(_zone), order.DefectNote);
    }

    private string ServiceName(string serviceId) =>
        config.FindService(serviceId) is { Name: { Length: > 0 } name } ? name : serviceId;

    /// <summary>
    /// The contractor of a stored row, made once per stored object (a batch's messages share the contractors read for
    /// it), so what the renderer and the builder keep per contractor (its template values, its <c>To:</c> line) is reused.
    /// </summary>
    private static Contractor ToContractor(OutboxContractor c) => Contractors.GetValue(c, static c =>
        new(c.Id, c.Name, c.Email, c.Services, c.Areas, c.Dispatch == "weekly" ? DispatchMode.Weekly : DispatchMode.PerOrder));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OutboxContractor, Contractor> Contractors = [];

    /// <summary>The sentence of a recorded reason (<c>code: sentence</c>), for the contractor.</summary>
    private static string? ReasonText(string? recorded)
    {
        if (string.IsNullOrWhiteSpace(recorded))
        {
            return null;
        }

        var colon = recorded.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? recorded : recorded[(colon + 2)..];
    }
}
