using NodaTime;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Worker.Configuration;

/// <summary>Reads <c>organisation: { name, timeZone, bankHolidays, phone?, email? }</c>.</summary>
internal static class OrganisationSection
{
    /// <summary>The keys an <c>organisation:</c> mapping accepts.</summary>
    public static readonly string[] Keys = ["name", "timeZone", "bankHolidays", "phone", "email", "digestEmail", "complianceEmail"];

    /// <summary>Config words for <see cref="BankHolidayRegion"/>: the GOV.UK feed's division keys.</summary>
    public static readonly IReadOnlyDictionary<string, BankHolidayRegion> Regions = new Dictionary<string, BankHolidayRegion>(StringComparer.Ordinal)
    {
        ["england-and-wales"] = BankHolidayRegion.EnglandAndWales,
        ["scotland"] = BankHolidayRegion.Scotland,
        ["northern-ireland"] = BankHolidayRegion.NorthernIreland,
    };

    /// <summary>The organisation, or null when any part of it is wrong (every problem reported).</summary>
    public static Organisation? Read(YamlMap map)
    {
        var before = map.Origin.Source.ProblemCount;
        var name = map.Required("name")?.AsText("organisation.name");
        var zone = map.Required("timeZone") is { } zoneNode ? TimeZone(zoneNode) : null;
        var region = map.Required("bankHolidays")?.AsChoice("organisation.bankHolidays", Regions);
        var phone = map.Optional("phone")?.AsText("organisation.phone");
        var email = map.Optional("email")?.AsEmail("organisation.email");
        var digestEmail = map.Optional("digestEmail")?.AsEmail("organisation.digestEmail");
        var complianceEmail = map.Optional("complianceEmail")?.AsEmail("organisation.complianceEmail");
        if (map.Origin.Source.ProblemCount > before || name is null || zone is null || region is null)
        {
            return null;
        }

        return new Organisation(name, zone, region.Value) { Phone = phone, Email = email, DigestEmail = digestEmail, ComplianceEmail = complianceEmail };
    }

    private static string? TimeZone(ConfigNode node)
    {
        var id = node.AsText("organisation.timeZone");
        if (id is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is null)
        {
            node.Error("organisation.timeZone is not a time zone in the tz database", id, "an IANA time zone id, e.g. Europe/London");
            return null;
        }

        return id;
    }
}
