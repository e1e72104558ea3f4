using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// An appointment letter to a tenant (templates <c>tenant-appointment-first</c>, <c>-second</c>, <c>-third</c>, <c>-changed</c>, <c>-cancelled</c>) in the
/// tenant's language when a template exists for it, and in large print when the tenant asked. Variables:
/// <c>organisation</c>, <c>tenant</c> (<c>name</c>), <c>home</c> (<c>address</c>, <c>postcode</c>),
/// <c>appointment</c>, <c>print</c>.
/// </summary>
public sealed record TenantAppointmentEmail(Organisation Organisation, Tenant Tenant, Home Home, AppointmentView Appointment)
    : TenantEmail(Organisation, Tenant, Home)
{
    /// <summary>The changed-appointment letter's template: a first visit that replaces one the tenant was told of.</summary>
    public const string ChangedTemplate = "tenant-appointment-changed";

    /// <summary>The cancelled-appointment letter's template: a visit the tenant was told of, cancelled.</summary>
    public const string CancelledTemplate = "tenant-appointment-cancelled";

    /// <summary>The template's name for <see cref="AppointmentView.Letter"/>.</summary>
    public override string TemplateName => Appointment.Letter switch
    {
        AppointmentLetter.First => "tenant-appointment-first",
        AppointmentLetter.Second => "tenant-appointment-second",
        AppointmentLetter.Third => "tenant-appointment-third",
        AppointmentLetter.Changed => ChangedTemplate,
        AppointmentLetter.Cancelled => CancelledTemplate,
        _ => throw new InvalidOperationException($"Appointment letter must be First, Second, Third, Changed or Cancelled, not {Appointment.Letter}."),
    };

    /// <summary>An appointment the letter names besides its own (<c>appointment.replaces</c>): its day and slot, worded as the letter's own.</summary>
    private static ScriptObject Slot(OrderAppointment appointment, TemplateValues values) => new()
    {
        ["date"] = TemplateValues.Date(appointment.Date),
        ["slot"] = values.Text(appointment.Slot),
        ["slot_from"] = appointment.Hours is { } from ? TemplateValues.Time(from.From) : null,
        ["slot_to"] = appointment.Hours is { } to ? TemplateValues.Time(to.To) : null,
        ["slot_hours"] = values.Text(appointment.Hours is { } hours ? TemplateValues.Between(hours) : string.Empty),
    };

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        FillTenantAndHome(globals, values);
        globals["appointment"] = new ScriptObject
        {
            ["reference"] = values.Text(Appointment.Reference),
            ["service"] = values.Text(Appointment.ServiceName),
            ["service_id"] = values.Text(Appointment.ServiceId),
            ["date"] = TemplateValues.Date(Appointment.Date),
            ["slot"] = values.Text(Appointment.Slot),
            ["slot_from"] = Appointment.Hours is { } from ? TemplateValues.Time(from.From) : null,
            ["slot_to"] = Appointment.Hours is { } to ? TemplateValues.Time(to.To) : null,
            ["slot_hours"] = values.Text(Appointment.Hours is { } hours ? TemplateValues.Between(hours) : string.Empty),
            ["what_will_happen"] = values.Texts(Appointment.WhatWillHappen),
            // The changed letter replaces a first letter: it is letter 1 to a template that counts them (the cancelled letter
            // books nothing: 0).
            ["letter"] = Appointment.Letter switch { AppointmentLetter.Changed => 1, AppointmentLetter.Cancelled => 0, var n => (int)n },
            ["has_previous"] = Appointment.PreviousDate is not null,
            ["previous_date"] = Appointment.PreviousDate is { } previous ? TemplateValues.Date(previous) : null,
            ["replaces"] = Appointment.Replaces is { } replaces ? Slot(replaces, values) : null,
            ["checked_on"] = Appointment.CheckedOn is { } checkedOn ? TemplateValues.Date(checkedOn) : null,
        };
    }
}
