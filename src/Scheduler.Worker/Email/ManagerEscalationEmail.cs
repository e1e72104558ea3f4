using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Gas;
using Scriban.Runtime;

namespace Scheduler.Worker.Email;

/// <summary>
/// Tells the compliance manager that a gas check could not be made after every allowed attempt (template
/// <c>manager-escalation</c>), with the evidence. Variables: <c>organisation</c>; <c>escalation</c> — <c>home</c>,
/// <c>address</c>, <c>postcode</c>, <c>area</c>, <c>reference</c>, <c>deadline</c> and <c>escalated_on</c> (dates),
/// <c>overdue</c> (true when no check is known or the deadline had passed when the home was escalated: the home is then
/// booked again automatically, see docs/gas-safety.md, Escalation), <c>reason</c>, <c>attempts</c> (each <c>number</c>, <c>date</c>, <c>slot</c>, <c>letter</c> — empty when no letter announced
/// the visit — <c>letter_on</c> (the day it was due to go), <c>letter_went</c> (what became of it: "sent by email on …",
/// "put in the post batch of …", "not sent: …", "could not be sent: …"), <c>outcome</c>, <c>reported_on</c> — a date or
/// empty); <c>print</c>. No tenant details.
/// </summary>
/// <param name="Organisation">The landlord.</param>
/// <param name="Escalation">The evidence, as queued.</param>
/// <param name="Address">The home's address from the register (the home id when unknown).</param>
/// <param name="Postcode">The home's postcode; empty when unknown.</param>
public sealed record ManagerEscalationEmail(Organisation Organisation, GasEscalationPayload Escalation, string Address, string Postcode) : EmailModel
{
    /// <summary>The template's name.</summary>
    public const string Template = "manager-escalation";

    /// <inheritdoc />
    public override string TemplateName => Template;

    /// <summary>The escalation's ids and dates: never the home's address or postcode (logs carry ids).</summary>
    public override string ToString() =>
        $"ManagerEscalationEmail {{ TemplateName = {TemplateName}, Organisation = {Organisation}, Escalation = {Escalation}, Address = (withheld), Postcode = (withheld) }}";

    internal override void Fill(ScriptObject globals, TemplateValues values)
    {
        var attempts = new ScriptArray();
        foreach (var a in Escalation.Attempts)
        {
            attempts.Add(new ScriptObject
            {
                ["number"] = a.Number,
                ["date"] = TemplateValues.Date(a.Date),
                ["slot"] = values.Text(a.Slot),
                ["letter"] = values.Text(LetterName(a.Letter)),
                ["letter_on"] = TemplateValues.Date(a.LetterOn),
                ["letter_went"] = values.Text(LetterWent(a)),
                ["outcome"] = values.Text(a.Outcome == GasAppointmentStatuses.NoAccess ? "no access" : a.Outcome),
                ["reported_on"] = a.ReportedOn is { } reported ? TemplateValues.Date(reported) : string.Empty,
            });
        }

        globals["organisation"] = values.Organisation(Organisation);
        globals["escalation"] = new ScriptObject
        {
            ["home"] = values.Text(Escalation.HomeId),
            ["address"] = values.Text(Address),
            ["postcode"] = values.Text(Postcode),
            ["area"] = values.Text(Escalation.AreaId),
            ["reference"] = values.Text(Escalation.Reference),
            // A home with no gas check known has no deadline: the templates say so instead.
            ["deadline"] = Escalation.Deadline is { } deadline ? TemplateValues.Date(deadline) : null,
            ["escalated_on"] = TemplateValues.Date(Escalation.EscalatedOn),
            // Booking leaves an escalated home to the manager only while its deadline is in date.
            ["overdue"] = Escalation.Deadline is not { } due || Escalation.EscalatedOn > due,
            ["reason"] = values.Text(Escalation.Reason),
            ["attempts"] = attempts,
        };
    }

    // What became of the letter, as the evidence recorded it when the home was escalated: never the day it was due
    // presented as the day it went.
    private static string LetterWent(GasAttemptEvidence a)
    {
        var on = a.LetterStateOn is { } day ? DateTexts.Of(day).Long : "an unrecorded day";
        return a.LetterState switch
        {
            GasLetterStates.Emailed => $"sent by email on {on}",
            GasLetterStates.Posted when a.LetterArrivedLate =>
                $"put in the post batch of {on}, too late to reach the tenant before the visit (by post it arrives by {DateTexts.Of(a.LetterReachesBy!.Value).Long})",
            GasLetterStates.Posted when a.LetterReachesBy is { } by => $"put in the post batch of {on}; by post it reaches the tenant by {DateTexts.Of(by).Long}",
            GasLetterStates.Posted => $"put in the post batch of {on}",
            GasLetterStates.Queued => $"not sent: queued since {on}",
            GasLetterStates.Sending => "not known when escalated: it was being sent then",
            GasLetterStates.Dead => $"could not be sent: {a.LetterNote ?? "the outbox gave up on it"}",
            GasLetterStates.Superseded when a.LetterNote?.StartsWith("not sent", StringComparison.Ordinal) == true => a.LetterNote,
            GasLetterStates.Superseded => $"not sent: {a.LetterNote ?? "its visit changed before it went"}",
            GasLetterStates.NotQueued => "not sent: no letter was queued (no tenant to write to)",
            null => "when it went was not recorded (escalated before the evidence kept it)",
            var other => $"letter {other}",
        };
    }

    private static string LetterName(string? letter) => letter switch
    {
        null => string.Empty,
        "appointment-first" => "first appointment letter",
        "appointment-second" => "second appointment letter",
        "appointment-third" => "third appointment letter (warns of escalation)",
        "appointment-changed" => "changed-appointment letter (replaces the letter for a cancelled visit)",
        "appointment-cancelled" => "cancelled-appointment letter (the visit is not needed)",
        _ => letter,
    };
}
