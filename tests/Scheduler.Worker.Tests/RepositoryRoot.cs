namespace Scheduler.Worker.Tests;

/// <summary>The repository checkout the tests run from: the folder holding EstateScheduler.sln.</summary>
internal static class RepositoryRoot
{
    /// <summary>Walks up from the test binaries to the folder holding EstateScheduler.sln.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Join(dir.FullName, "EstateScheduler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EstateScheduler.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The shipped <c>config/</c> folder.</summary>
    public static string ConfigFolder => System.IO.Path.Join(Path, "config");

    /// <summary>The shipped sample register, <c>config/sample/</c>.</summary>
    public static string SampleFolder => System.IO.Path.Join(Path, "config", "sample");
}
