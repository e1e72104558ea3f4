namespace Scheduler.Worker.Demo;

/// <summary>
/// Finds PostgreSQL's server programs (<c>initdb</c>, <c>pg_ctl</c>) and, when they are missing and this process is
/// root on a machine with <c>apt-get</c>, installs Debian's <c>postgresql</c> package, saying what it does.
/// </summary>
internal static class PostgresPackage
{
    /// <summary>The environment variable naming the folder with <c>initdb</c> and <c>pg_ctl</c>, when not in Debian's place.</summary>
    public const string BinVariable = "ESTATE_PG_BIN";

    /// <summary>Where Debian puts each installed major version: <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>.</summary>
    public const string DebianRoot = "/usr/lib/postgresql";

    private static readonly string[] AptGetPaths = ["/usr/bin/apt-get", "/bin/apt-get"];

    /// <summary>
    /// The folder holding <c>initdb</c> and <c>pg_ctl</c>: <see cref="BinVariable"/> when set, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c> that has <c>initdb</c>; null when there is none.
    /// </summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable(BinVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(DebianRoot)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    /// <summary>
    /// The binaries folder, installing the package first when needed and possible; <paramref name="progress"/> gets
    /// one line per step.
    /// </summary>
    /// <exception cref="DemoException">PostgreSQL is missing and cannot be installed here; the message says what to do.</exception>
    public static string EnsureInstalled(TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (FindBinaries() is { } found)
        {
            return File.Exists(Path.Combine(found, "initdb")) && File.Exists(Path.Combine(found, "pg_ctl"))
                ? found
                : throw new DemoException($"{BinVariable} names '{found}', which does not hold initdb and pg_ctl; point it at PostgreSQL's bin folder or unset it.");
        }

        var aptGet = AptGetPaths.FirstOrDefault(File.Exists);
        if (!Environment.IsPrivilegedProcess || aptGet is null)
        {
            throw new DemoException(
                "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin). Install Debian's 'postgresql' package "
                + "(sudo apt-get install postgresql) and run the demo again, or point it at a server you have: set "
                + "ConnectionStrings__Estate to a connection string of an empty database (or add --reset to start that database afresh), "
                + $"or set {BinVariable} to the folder holding initdb and pg_ctl.");
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        progress.WriteLine("PostgreSQL is not installed: installing Debian's 'postgresql' package (this takes a minute, once).");
        progress.WriteLine("  apt-get update");
        ProgramRun.RunOrThrow("Updating the package lists", aptGet, ["update", "-qq"], environment: environment);
        progress.WriteLine("  apt-get install -y postgresql");
        ProgramRun.RunOrThrow("Installing the postgresql package", aptGet, ["install", "-y", "-qq", "postgresql"], environment: environment);
        return FindBinaries() ?? throw new DemoException(
            $"The postgresql package is installed but no initdb was found under {DebianRoot}/*/bin; set {BinVariable} to the folder that holds it.");
    }
}
