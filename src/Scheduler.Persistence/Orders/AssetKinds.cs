using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Orders;

/// <summary>The text stored in <c>work_orders.asset_kind</c>.</summary>
internal static class AssetKinds
{
    public static string ToText(AssetKind kind) => kind switch
    {
        AssetKind.Site => "site",
        AssetKind.Block => "block",
        AssetKind.Property => "property",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Asset kind must be Site, Block or Property."),
    };
}
