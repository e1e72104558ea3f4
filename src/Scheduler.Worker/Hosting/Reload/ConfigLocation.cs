namespace Scheduler.Worker.Hosting.Reload;

/// <summary>Where the worker reads its configuration: full paths, without a trailing separator.</summary>
/// <param name="ConfigDirectory">The config folder (YAML, <c>bank-holidays.json</c>, <c>appsettings.json</c>).</param>
/// <param name="TemplatesDirectory">The email templates folder (<c>Scheduler:TemplatesDirectory</c>, resolved from the config folder).</param>
internal sealed record ConfigLocation(string ConfigDirectory, string TemplatesDirectory)
{
    /// <summary>Resolves <paramref name="templatesDirectory"/> against <paramref name="configDirectory"/>.</summary>
    public static ConfigLocation Of(string configDirectory, string templatesDirectory)
    {
        var config = Path.TrimEndingDirectorySeparator(Path.GetFullPath(configDirectory));
        return new ConfigLocation(config, Path.TrimEndingDirectorySeparator(Path.GetFullPath(templatesDirectory, config)));
    }
}
