using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Preview;

/// <summary>
/// Display names for the ids an occurrence carries: services and contractors from configuration, assets and
/// areas from the register. Falls back to the id itself when a name is unknown, so output never loses a row.
/// Reads no tenant data: a home is named by its address, which belongs to the property.
/// </summary>
internal sealed class PreviewLabels
{
    private readonly EstateRegister _register;
    private readonly Dictionary<string, (int Index, string Name)> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _contractors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _areas = new(StringComparer.Ordinal);

    public PreviewLabels(PreviewModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _register = model.Register;
        var services = model.Configuration.Services;
        for (var i = 0; i < services.Count; i++)
        {
            _services.TryAdd(services[i].Id, (i, services[i].Name));
        }

        foreach (var contractor in model.Configuration.Contractors)
        {
            _contractors.TryAdd(contractor.Id, contractor.Name);
        }

        foreach (var area in model.Register.Areas)
        {
            _areas.TryAdd(area.Id, area.Name);
        }
    }

    /// <summary>The service's name from config, or its id when config does not define it.</summary>
    public string ServiceName(string serviceId) =>
        _services.TryGetValue(serviceId, out var s) && !string.IsNullOrWhiteSpace(s.Name) ? s.Name : serviceId;

    /// <summary>The service's position in config (a stable key for its colour), or null when config does not define it.</summary>
    public int? ServiceIndex(string serviceId) => _services.TryGetValue(serviceId, out var s) ? s.Index : null;

    /// <summary>The contractor's name, or its id when config does not define it; null when <paramref name="contractorId"/> is null.</summary>
    public string? ContractorName(string? contractorId) =>
        contractorId is null ? null
        : _contractors.TryGetValue(contractorId, out var name) && !string.IsNullOrWhiteSpace(name) ? name
        : contractorId;

    /// <summary>The asset in the register, or null when the register does not hold it.</summary>
    public Asset? Asset(string assetId) => _register.FindAsset(assetId);

    /// <summary>A site's or block's name, a home's address; the id when the register does not hold the asset.</summary>
    public string AssetName(string assetId)
    {
        var name = _register.FindAsset(assetId) switch
        {
            Site s => s.Name,
            Block b => b.Name,
            Home h => h.Address,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(name) ? assetId : name;
    }

    /// <summary>The asset's postcode (a block's is its site's); null when unknown.</summary>
    public string? AssetPostcode(string assetId)
    {
        var postcode = _register.FindAsset(assetId) switch
        {
            Site s => s.Postcode,
            Block { SiteId: { } siteId } => (_register.FindAsset(siteId) as Site)?.Postcode,
            Home h => h.Postcode,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(postcode) ? null : postcode;
    }

    /// <summary>The area's name, or its id when the register does not define it.</summary>
    public string AreaName(string areaId) =>
        _areas.TryGetValue(areaId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : areaId;
}
