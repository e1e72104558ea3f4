namespace Scheduler.Domain.Estate;

/// <summary>What a schedule applies to. The zero value is invalid so an unset kind is caught.</summary>
public enum AssetKind
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>An estate or scheme with grounds (grass, hedges, hardstanding). Config: <c>sites</c>.</summary>
    Site,

    /// <summary>A block of flats with communal areas. Config: <c>blocks</c>.</summary>
    Block,

    /// <summary>A home (property). Config: <c>properties</c>.</summary>
    Property,
}
