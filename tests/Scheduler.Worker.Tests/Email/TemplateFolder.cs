using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>A throwaway copy of the shipped templates folder that a test may break; deleted on dispose.</summary>
internal sealed class TemplateFolder : IDisposable
{
    public TemplateFolder(bool copyShipped = true)
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "email-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        if (copyShipped)
        {
            foreach (var file in Directory.EnumerateFiles(EmailTestData.TemplatesFolder))
            {
                File.Copy(file, System.IO.Path.Join(Path, System.IO.Path.GetFileName(file)));
            }
        }
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var path = System.IO.Path.Join(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public TemplateRenderer Renderer(TemplateLimits? limits = null) => new(Path, limits);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
