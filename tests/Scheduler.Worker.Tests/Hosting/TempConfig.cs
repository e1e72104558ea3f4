namespace Scheduler.Worker.Tests.Hosting;

/// <summary>A copy of the shipped config folder (YAML and templates, not the sample register) in a temp folder, deleted on dispose.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig()
    {
        Directory.CreateDirectory(Path);
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.ConfigFolder, "*.yaml"))
        {
            System.IO.File.Copy(file, System.IO.Path.Join(Path, System.IO.Path.GetFileName(file)));
        }

        var templates = System.IO.Path.Join(Path, "templates");
        Directory.CreateDirectory(templates);
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.Join(RepositoryRoot.ConfigFolder, "templates")))
        {
            System.IO.File.Copy(file, System.IO.Path.Join(templates, System.IO.Path.GetFileName(file)));
        }
    }

    public string Path { get; } = System.IO.Path.Join(System.IO.Path.GetTempPath(), "estate-host-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Join(Path, name);

    /// <summary>Rewrites a file, replacing <paramref name="from"/> (which must occur) with <paramref name="to"/>.</summary>
    public void Replace(string name, string from, string to)
    {
        var text = System.IO.File.ReadAllText(File(name));
        Assert.Contains(from, text, StringComparison.Ordinal);
        System.IO.File.WriteAllText(File(name), text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
