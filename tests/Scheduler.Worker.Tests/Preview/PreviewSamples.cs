using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Tests.Preview;

/// <summary>A small configuration, register and set of occurrences built in code for the renderer tests.</summary>
internal static class PreviewSamples
{
    public const string HostileName = "<script>alert(1)</script> \"Quoted\" & 'single'";

    public static readonly LocalDate From = new(2025, 4, 1);
    public static readonly LocalDate To = new(2025, 6, 30);
    public static readonly Instant GeneratedAt = Instant.FromUtc(2025, 3, 1, 9, 30, 15);

    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    /// <summary>grass-cut on S1 (with its path-sweep follow-up) and S2; communal-clean on B1.</summary>
    public static IReadOnlyList<Occurrence> Occurrences()
    {
        var cut = new Occurrence("grass", "grass-cut", "S1", Window(2025, 4, 1, 2025, 4, 15), new LocalDate(2025, 4, 7), "greenco");
        return
        [
            cut,
            new Occurrence("grass", "path-sweep", "S1", Window(2025, 4, 8, 2025, 4, 22), new LocalDate(2025, 4, 9), "greenco", cut),
            new Occurrence("grass", "grass-cut", "S2", Window(2025, 4, 16, 2025, 4, 30), new LocalDate(2025, 4, 16)),
            new Occurrence("clean", "communal-clean", "B1", Window(2025, 4, 7, 2025, 4, 11), new LocalDate(2025, 4, 8), "shine"),
        ];
    }

    public static PreviewModel Model(
        IReadOnlyList<Occurrence>? occurrences = null,
        EstateRegister? register = null,
        EstateConfiguration? configuration = null,
        LocalDate? from = null,
        LocalDate? to = null,
        Instant? generatedAt = null) =>
        new(
            occurrences ?? Occurrences(),
            configuration ?? Configuration(),
            register ?? Register(),
            from ?? From,
            to ?? To,
            generatedAt ?? GeneratedAt);

    public static EstateConfiguration Configuration(string organisation = "Leeds Homes") => new(
        new Organisation(organisation, "Europe/London", BankHolidayRegion.EnglandAndWales),
        Period.FromMonths(12),
        [
            new ServiceDefinition("communal-clean", "Communal cleaning", [], NestingSensitive: false),
            new ServiceDefinition("grass-cut", "Grass cutting", [], NestingSensitive: false),
            new ServiceDefinition("path-sweep", "Path sweeping", [], NestingSensitive: false),
            new ServiceDefinition("hedge-cut", "Hedge trimming", [], NestingSensitive: true),
            new ServiceDefinition("gas-safety", "Gas safety check", [], NestingSensitive: false),
        ],
        [
            new Contractor("greenco", "GreenCo; Grounds, Ltd", "orders@greenco.example", ["grass-cut", "path-sweep"], ["north"], DispatchMode.PerOrder),
        ],
        [
            new Schedule("grass", "grass-cut", AssetKind.Site, NoAttributes, [new MonthsRule([4, 5, 6], 2)], [new FollowUpRule("path-sweep", 1)]),
            new Schedule("clean", "communal-clean", AssetKind.Block, NoAttributes, [new WeeklyRule(1, IsoDayOfWeek.Tuesday, null)], []),
            new Schedule("gas", "gas-safety", AssetKind.Property, NoAttributes, [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], []),
        ],
        new Dictionary<string, int>(),
        "test");

    public static EstateRegister Register(string secondSiteName = HostileName, int homes = 1) => new(
        [new Area("north", "North Leeds"), new Area("south", "South Leeds")],
        [
            new Site("S1", "Oakfield Estate", "north", "LS1 1AA", Grass: true, Hedges: true, Hardstanding: true, NoAttributes),
            new Site("S2", secondSiteName, "south", "LS2 2BB", Grass: true, Hedges: false, Hardstanding: false, NoAttributes),
        ],
        [new Block("B1", "S1", "Birch House", "north", CleaningFrequency.Weekly, NoAttributes)],
        Enumerable.Range(1, homes).Select(Home).ToList(),
        [new Tenant("T1", "H1", "Tenant Secret-Name", "tenant@example.org", null, ContactChannel.Email, LargePrint: false, "en")]);

    public static Home Home(int i) => new(
        $"H{i}",
        null,
        null,
        $"{i} Acacia Road",
        "LS3 3CC",
        i % 2 == 0 ? "north" : "south",
        Gas: true,
        new LocalDate(2024, 5, 1),
        null,
        null,
        null,
        NoAttributes);

    public static ServiceWindow Window(int y1, int m1, int d1, int y2, int m2, int d2) =>
        new(new LocalDate(y1, m1, d1), new LocalDate(y2, m2, d2));

    public static string Render(string format, PreviewModel model)
    {
        using var output = new StringWriter();
        PreviewRenderers.For(format).Render(model, output);
        return output.ToString();
    }
}
