using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Scheduler.Worker.Demo;

/// <summary>
/// The demo's own PostgreSQL cluster in a folder (<c>.data/postgres</c> by default): <c>data/</c> is the cluster,
/// <c>server.log</c> its log. <see cref="EnsureRunning"/> creates it with <c>initdb</c> the first time, starts it with
/// <c>pg_ctl</c> when it is stopped, and reuses it when it is already running. It listens on 127.0.0.1 only (no Unix
/// socket), on a free port chosen at creation and kept in its <c>postgresql.conf</c> (a new one is chosen if that port
/// is taken by then), lets the <c>postgres</c> user in without a password, and trades durability for speed (fsync off):
/// a throwaway for trying the product, not a place for real data. When this process is root the programs run as the
/// <c>postgres</c> user (PostgreSQL refuses to run as root), which must be able to reach the folder; when it cannot
/// (e.g. the checkout is under <c>/root</c>), the cluster goes under <c>/var/lib/postgresql</c> instead.
/// The cluster keeps running after the demo exits; <see cref="StopCommand"/> says how to stop it.
/// </summary>
internal sealed partial class LocalPostgres
{
    /// <summary>The superuser the cluster is created with (and the demo connects as).</summary>
    public const string Superuser = "postgres";

    private const string OsUser = "postgres";
    private const string Marker = "# estate-scheduler demo cluster";

    private readonly string _bin;
    private readonly bool _asPostgres;

    private LocalPostgres(string bin, bool asPostgres, string root)
    {
        _bin = bin;
        _asPostgres = asPostgres;
        Root = root;
    }

    /// <summary>The cluster's folder: <see cref="DataDirectory"/> and <see cref="LogFile"/> are inside it.</summary>
    public string Root { get; }

    /// <summary>The PostgreSQL data directory (what <c>pg_ctl -D</c> takes).</summary>
    public string DataDirectory => Path.Combine(Root, "data");

    /// <summary>The server's log.</summary>
    public string LogFile => Path.Combine(Root, "server.log");

    /// <summary>True when <see cref="DataDirectory"/> holds a cluster (its <c>PG_VERSION</c> file).</summary>
    public bool Exists => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    /// <summary>The command that stops the cluster, to print for the user.</summary>
    public string StopCommand =>
        (_asPostgres ? $"runuser -u {OsUser} -- " : string.Empty) + $"{Path.Combine(_bin, "pg_ctl")} stop -D {DataDirectory}";

    /// <summary>
    /// The cluster for <paramref name="folder"/> with the PostgreSQL programs in <paramref name="bin"/>. As root, when
    /// the <c>postgres</c> user cannot reach <paramref name="folder"/>'s parent, the cluster's folder is
    /// <c>/var/lib/postgresql/estate-demo-&lt;hash of the folder&gt;</c> instead (and <paramref name="progress"/> says so).
    /// Nothing is created or started yet.
    /// </summary>
    public static LocalPostgres For(string folder, string bin, TextWriter progress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(progress);
        var root = Path.GetFullPath(folder);
        var asPostgres = Environment.IsPrivilegedProcess;
        if (asPostgres)
        {
            var parent = Path.GetDirectoryName(root)!;
            Directory.CreateDirectory(parent);
            if (!ProgramRun.Run("test", ["-x", parent], OsUser).Succeeded)
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..8];
                var elsewhere = Path.Combine("/var/lib/postgresql", $"estate-demo-{hash}");
                progress.WriteLine($"The '{OsUser}' user cannot reach {parent} (a folder above it is private), so the cluster goes in {elsewhere}.");
                root = elsewhere;
            }
        }

        return new LocalPostgres(bin, asPostgres, root);
    }

    /// <summary>
    /// Makes sure the cluster exists and is running, and returns its port. <paramref name="progress"/> gets one line
    /// saying whether it was created, started or already running.
    /// </summary>
    /// <exception cref="DemoException">initdb or the server failed; the message names the log.</exception>
    public int EnsureRunning(TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (!Exists)
        {
            progress.WriteLine($"Creating a PostgreSQL cluster in {DataDirectory} (initdb) …");
            Create();
        }
        else if (RunningPort() is { } running)
        {
            progress.WriteLine($"Reusing the PostgreSQL cluster running in {DataDirectory} on 127.0.0.1:{running}.");
            return running;
        }

        var port = ConfiguredPort() is { } configured && IsFree(configured) ? configured : ChooseNewPort();
        var start = Tool("pg_ctl", "start", "-D", DataDirectory, "-w", "-t", "60", "-l", LogFile);
        if (!start.Succeeded)
        {
            throw new DemoException($"PostgreSQL did not start in {DataDirectory}: {start.Printed} See {LogFile}.");
        }

        var actual = RunningPort() ?? port;
        progress.WriteLine($"Started the PostgreSQL cluster in {DataDirectory} on 127.0.0.1:{actual}.");
        return actual;
    }

    /// <summary>The port of the running server (from <c>postmaster.pid</c>), or null when it is not running.</summary>
    public int? RunningPort()
    {
        if (!Exists || !Tool("pg_ctl", "status", "-D", DataDirectory).Succeeded)
        {
            return null;
        }

        // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
        var lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended) and waits; nothing when it is not running.</summary>
    public void Stop()
    {
        if (RunningPort() is not null)
        {
            var stop = Tool("pg_ctl", "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60");
            if (!stop.Succeeded)
            {
                throw new DemoException($"PostgreSQL in {DataDirectory} did not stop: {stop.Printed}");
            }
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this cluster as <see cref="Superuser"/>.</summary>
    public static string ConnectionString(int port, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    private void Create()
    {
        Directory.CreateDirectory(Root);
        if (_asPostgres)
        {
            ProgramRun.RunOrThrow($"Giving {Root} to the {OsUser} user", "chown", [$"{OsUser}:", Root]);
        }

        var init = Tool("initdb", "-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions");
        if (!init.Succeeded)
        {
            throw new DemoException($"initdb could not create a cluster in {DataDirectory}: {init.Printed}");
        }

        // Appending as root keeps the file's owner (postgres) and mode.
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            {Marker}: loopback only, no Unix socket, speed over durability (a throwaway).
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            port = {FreePort()}

            """);
    }

    /// <summary>The last <c>port = N</c> line of <c>postgresql.conf</c> (later lines win in PostgreSQL too).</summary>
    private int? ConfiguredPort()
    {
        int? port = null;
        foreach (var line in File.ReadLines(Path.Combine(DataDirectory, "postgresql.conf")))
        {
            var match = PortLine().Match(line);
            if (match.Success)
            {
                port = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return port;
    }

    private int ChooseNewPort()
    {
        var port = FreePort();
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"port = {port}   {Marker}: the previous port was taken{Environment.NewLine}");
        return port;
    }

    private ProgramRun.Result Tool(string name, params string[] arguments) =>
        ProgramRun.Run(Path.Combine(_bin, name), arguments, _asPostgres ? OsUser : null);

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^\s*port\s*=\s*(\d+)")]
    private static partial Regex PortLine();
}
