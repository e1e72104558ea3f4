using NodaTime;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// How appointments with tenants are booked for a schedule (config:
/// <c>appointment: { slots: [AM, PM], notice: 14 days, attempts: 3, engineers: { north: 2 } }</c>).
/// </summary>
/// <param name="Slots">The slots a day is divided into, by id, e.g. AM and PM (their hours, when set, are in <see cref="Hours"/>).</param>
/// <param name="Notice">Minimum time between the first letter and the appointment.</param>
/// <param name="Attempts">Documented attempts before escalation.</param>
public sealed record AppointmentPolicy(IReadOnlyList<string> Slots, Period Notice, int Attempts)
{
    /// <summary>
    /// Engineers available each working day per area id (config <c>engineers: { north: 2, south: 1 }</c>). Each engineer
    /// makes one visit in each slot, so an area takes <c>engineers × slots</c> visits a day. An area not listed has
    /// none: its homes are reported unbooked, never booked over capacity. Empty when not configured.
    /// </summary>
    public IReadOnlyDictionary<string, int> Engineers { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// How long before the appointment its tenant letter goes (config <c>letterAhead: 3 weeks</c>; days or weeks, at
    /// least <see cref="Notice"/>): the letter's day is the appointment day less this period, or the day of booking when
    /// that has passed. Null: every letter goes on the day the visit is booked.
    /// </summary>
    public Period? LetterAhead { get; init; }

    /// <summary>
    /// Working days a letter by post takes to reach the tenant, counted from the day it is written (config <c>postDays: 3 working
    /// days</c>; default <see cref="DefaultPostWorkingDays"/>). A visit whose letter goes by post (the tenant asked for
    /// post, or has no email address) is booked this much later than one whose letter is emailed, so the tenant has the
    /// same notice once the letter arrives; the deadline still wins (docs/gas-safety.md, Letters by post).
    /// </summary>
    public int PostWorkingDays { get; init; } = DefaultPostWorkingDays;

    /// <summary>
    /// <see cref="PostWorkingDays"/> when not configured: Royal Mail second class aims to deliver in 2–3 working days
    /// after posting, and a letter goes in the batch posted the first working day after it is written (docs/email.md, The
    /// posting day): 3 covers that day and Royal Mail's 2-day target; the cautious end would be 4.
    /// </summary>
    public const int DefaultPostWorkingDays = 3;

    /// <summary>
    /// The hours of each slot that has them (config <c>slots: [{ id: AM, from: "08:00", to: "12:00" }, …]</c>), by slot
    /// id; no two overlap. A slot written as a plain name (<c>AM</c>) has none and is not listed. Empty when no slot has
    /// hours. Letters are worded by the hours in the configuration in force when they are composed.
    /// </summary>
    public IReadOnlyDictionary<string, SlotHours> Hours { get; init; } = new Dictionary<string, SlotHours>(StringComparer.Ordinal);

    /// <summary>The hours of <paramref name="slot"/>, or null when it has none (or is not one of <see cref="Slots"/>).</summary>
    public SlotHours? HoursOf(string slot) => Hours.GetValueOrDefault(slot);
}
