using NodaTime;

namespace Scheduler.Domain.Sla;

/// <summary>
/// The regulator's Tenant Satisfaction Measure RP02 (DOMAIN.md §4): the proportion of (a) non-emergency and (b) emergency
/// responsive repairs completed within the landlord's own target timescale.
/// </summary>
/// <param name="NonEmergency">RP02(a): every category but the emergency ones.</param>
/// <param name="Emergency">RP02(b): <see cref="RepairCategory.Emergency"/> and <see cref="RepairCategory.GasHeatingAttend"/>.</param>
public readonly record struct Rp02(Rp02Measure NonEmergency, Rp02Measure Emergency)
{
    /// <summary>
    /// RP02 over <paramref name="repairs"/> completed in <paramref name="period"/> (start inclusive, end exclusive, such as
    /// 1 April to 1 April for a reporting year): the measure counts repairs <b>completed</b> in the period, wherever they
    /// were raised; repairs still open are left out, and so are repairs completed outside the period. Within target means
    /// completed at or before the record's <see cref="RepairRecord.Due"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A record's category is <see cref="RepairCategory.Invalid"/> or unknown.</exception>
    public static Rp02 Calculate(IEnumerable<RepairRecord> repairs, Interval period)
    {
        ArgumentNullException.ThrowIfNull(repairs);
        int emergency = 0, emergencyOnTime = 0, other = 0, otherOnTime = 0;
        foreach (var repair in repairs)
        {
            if (repair.Completed is not { } completed || !period.Contains(completed))
            {
                continue;
            }

            var onTime = completed <= repair.Due ? 1 : 0;
            if (repair.Category.IsEmergency())
            {
                emergency++;
                emergencyOnTime += onTime;
            }
            else
            {
                other++;
                otherOnTime += onTime;
            }
        }

        return new Rp02(new Rp02Measure(other, otherOnTime), new Rp02Measure(emergency, emergencyOnTime));
    }
}
