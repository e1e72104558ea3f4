namespace Scheduler.Domain.Tests.WorkingDays;

/// <summary>Finds files of this repository from the test's output folder, so tests read the real files.</summary>
internal static class RepositoryFiles
{
    /// <summary>The full path of <paramref name="relativePath"/> (with forward slashes) under the repository root.</summary>
    public static string Path(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EstateScheduler.sln")))
            {
                return System.IO.Path.Combine([dir.FullName, .. relativePath.Split('/')]);
            }
        }

        throw new InvalidOperationException($"No EstateScheduler.sln above {AppContext.BaseDirectory}.");
    }
}
