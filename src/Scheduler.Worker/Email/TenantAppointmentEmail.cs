using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// An appointment letter to a tenant (templates <c>tenant-appointment-first</c>, <c>-second</c>, <c>-third</c>) in the
/// tenant's language when a template exists for it, and in large print when the tenant asked. Variables:
/// <c>organisation</c>, <c>tenant</c> (<c>name</c>), <c>home</c> (<c>address</c>, <c>postcode</c>),
/// <c>appointment</c>, <c>print</c>.
/// </summary>
public sealed record TenantAppointmentEmail(Organisation Organisation, Tenant Tenant, Home Home, AppointmentView Appointment)
    : TenantEmail(Organisation, Tenant, Home)
{
    /// <summary>The template's name for <see cref="AppointmentView.Letter"/>.</summary>
    public override string TemplateName => Appointment.Letter switch
    {
        AppointmentLetter.First => "tenant-appointment-first",
        AppointmentLetter.Second => "tenant-appointment-second",
        AppointmentLetter.Third => "tenant-appointment-third",
        _ => throw new InvalidOperationException($"Appointment letter must be First, Second or Third, not {Appointment.Letter}."),
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
            ["letter"] = (int)Appointment.Letter,
            ["has_previous"] = Appointment.PreviousDate is not null,
            ["previous_date"] = Appointment.PreviousDate is { } previous ? TemplateValues.Date(previous) : null,
        };
    }
}
