using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>Computes the BS01 figure (DOMAIN.md §4) from each gas home's current deadline.</summary>
public static class Bs01
{
    /// <summary>
    /// Counts the gas homes with an in-date check on <paramref name="asOf"/>. A check is in date up to and including
    /// its deadline day (no grace period after it); a home with no known check (null deadline) counts as without.
    /// Pass every gas home once: a repeated id is refused, as it would skew the proportion.
    /// </summary>
    public static Bs01Result Compute(IEnumerable<(string HomeId, LocalDate? Deadline)> homes, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(homes);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var without = new List<string>();
        var total = 0;
        foreach (var (homeId, deadline) in homes)
        {
            Check.NotEmpty(homeId, nameof(homes));
            if (!seen.Add(homeId))
            {
                throw new ArgumentException($"home {homeId} is listed twice; each gas home counts once.", nameof(homes));
            }

            total++;
            if (deadline is not { } due || due < asOf)
            {
                without.Add(homeId);
            }
        }

        without.Sort(StringComparer.Ordinal);
        return new Bs01Result(total - without.Count, total, without);
    }
}
