namespace Scheduler.Worker.Configuration;

/// <summary>The service ids defined under <c>services:</c> in any file; checks every reference to a service.</summary>
internal sealed class ServiceIds(IReadOnlyCollection<string> ids)
{
    /// <summary>A reference to a defined service, or null after reporting an unknown one with the defined ids.</summary>
    public string? Read(ConfigNode node, string what)
    {
        var id = node.AsText(what);
        if (id is not null && !ids.Contains(id))
        {
            node.Error($"{what} names a service that is not defined under services:", id, Defined);
            return null;
        }

        return id;
    }

    /// <summary>A non-empty list of references to defined services, every unknown one reported.</summary>
    public IReadOnlyList<string>? ReadList(ConfigNode node, string what)
    {
        var items = node.AsList(what);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            node.Error($"{what} is empty; list at least one service", null, Defined);
            return null;
        }

        var read = items.Select(item => Read(item, $"an entry of {what}")).ToList();
        return read.Any(s => s is null) ? null : [.. read.Select(s => s!)];
    }

    private string Defined => ids.Count == 0 ? "(no services are defined)" : string.Join(", ", ids);
}
