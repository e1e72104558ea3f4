namespace Scheduler.Worker.Email;

/// <summary>What a tenant's improvement letter says: the programme year the home enters and the work planned.</summary>
/// <param name="Year">The programme year (e.g. 2028): the work is planned for that calendar year.</param>
/// <param name="Components">
/// The component ids programmed, as config names them (<c>kitchen</c>, <c>bathroom</c>, <c>boiler</c>,
/// <c>heating-distribution</c>…); templates put them into words.
/// </param>
public sealed record ImprovementView(int Year, IReadOnlyList<string> Components);
