using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>Reads one entry of <c>services: - { id, name, checklist: [..], tenantChecklist: [..], nestingSensitive: bool }</c>.</summary>
internal static class ServiceSection
{
    /// <summary>The keys a service accepts.</summary>
    public static readonly string[] Keys = ["id", "name", "checklist", "tenantChecklist", "nestingSensitive"];

    /// <summary>The service, or null when any part is wrong. <paramref name="id"/> has been read (and checked) already.</summary>
    public static ServiceDefinition? Read(YamlMap map, string? id)
    {
        var before = map.Origin.Source.ProblemCount;
        var what = map.What;
        var name = map.Required("name")?.AsText($"{what}: name");
        var checklist = map.Optional("checklist") is { IsEmpty: false } checklistNode
            ? checklistNode.AsTextList($"{what}: checklist", allowEmpty: true)
            : [];
        var forTenants = map.Optional("tenantChecklist") is { IsEmpty: false } tenantNode
            ? tenantNode.AsTextList($"{what}: tenantChecklist")
            : null;
        var sensitive = map.Optional("nestingSensitive")?.AsBool($"{what}: nestingSensitive") ?? false;
        if (map.Origin.Source.ProblemCount > before || id is null || name is null || checklist is null)
        {
            return null;
        }

        return new ServiceDefinition(id, name, checklist, sensitive) { TenantChecklist = forTenants, Origin = map.Origin.Location };
    }
}
