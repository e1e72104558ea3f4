using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Preview;

/// <summary>
/// Everything a preview renderer needs: the occurrences to show and where to look up their display names.
/// Renderers read asset names and postcodes from <see cref="Register"/> but never its tenants.
/// </summary>
/// <param name="Occurrences">The occurrences to render, already ordered by schedule, asset and window; renderers keep this order.</param>
/// <param name="Configuration">The configuration that produced them: service names, contractor names, organisation name.</param>
/// <param name="Register">The estate register: asset names, postcodes and areas.</param>
/// <param name="From">First day of the previewed range (inclusive).</param>
/// <param name="To">Last day of the previewed range (inclusive); not before <paramref name="From"/>.</param>
/// <param name="GeneratedAt">When the preview was made, from the caller's clock; the iCalendar <c>DTSTAMP</c> and the
/// HTML footer use it, so the same inputs always render the same bytes.</param>
public sealed record PreviewModel(
    IReadOnlyList<Occurrence> Occurrences,
    EstateConfiguration Configuration,
    EstateRegister Register,
    LocalDate From,
    LocalDate To,
    Instant GeneratedAt)
{
    /// <summary>The occurrences to render, in the order given.</summary>
    public IReadOnlyList<Occurrence> Occurrences { get; init; } =
        Occurrences ?? throw new ArgumentNullException(nameof(Occurrences));

    /// <summary>The configuration the occurrences came from.</summary>
    public EstateConfiguration Configuration { get; init; } =
        Configuration ?? throw new ArgumentNullException(nameof(Configuration));

    /// <summary>The estate register the occurrences refer to.</summary>
    public EstateRegister Register { get; init; } =
        Register ?? throw new ArgumentNullException(nameof(Register));

    /// <summary>Last day of the previewed range (inclusive).</summary>
    public LocalDate To { get; init; } = To >= From
        ? To
        : throw new ArgumentOutOfRangeException(nameof(To), To, "The preview range must not end before it starts.");
}
