using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Scheduler.Persistence;

namespace Scheduler.Persistence.Tests.Database;

/// <summary>
/// The PostgreSQL server the tests use, one per test process. When <c>ESTATE_TEST_DB</c> is set it is a
/// connection string to a server where the tests may create and drop databases; otherwise a throwaway cluster is
/// started with <c>initdb</c>/<c>pg_ctl</c> (Debian's <c>postgresql</c> package) in a temp folder, on a free
/// 127.0.0.1 port with trust authentication, fsync off and 1 GB of shared buffers, as the <c>postgres</c> user when running as root, and
/// stopped (<c>pg_ctl stop -m immediate</c>) and deleted when the process exits.
/// A migrated template database is made once; each test database is a copy of it.
/// </summary>
/// <remarks>
/// Other test projects reuse this by linking the folder:
/// <c>&lt;Compile Include="../Scheduler.Persistence.Tests/Database/*.cs" LinkBase="Database" /&gt;</c>
/// (and referencing Npgsql through Scheduler.Persistence).
/// </remarks>
public sealed class PostgresServer
{
    /// <summary>The environment variable naming an existing server to use instead of a throwaway cluster.</summary>
    public const string ServerVariable = "ESTATE_TEST_DB";

    /// <summary>The environment variable naming the folder with <c>initdb</c> and <c>pg_ctl</c>, when not in the usual place.</summary>
    public const string BinVariable = "ESTATE_PG_BIN";

    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);

    private readonly NpgsqlConnectionStringBuilder _admin;
    private readonly List<string> _created = [];
    private readonly Lazy<Task<string>> _template;
    private readonly Lazy<Task<string>> _passwordRole;

    private PostgresServer(NpgsqlConnectionStringBuilder admin, LocalCluster? cluster)
    {
        _admin = admin;
        Cluster = cluster;
        _template = new Lazy<Task<string>>(CreateTemplateAsync);
        _passwordRole = new Lazy<Task<string>>(CreatePasswordRoleAsync);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Shutdown();
    }

    /// <summary>The throwaway cluster, or null when <c>ESTATE_TEST_DB</c> named a server.</summary>
    internal LocalCluster? Cluster { get; }

    /// <summary>The shared server, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => Instance.Value;

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database }.ConnectionString;

    /// <summary>A login role that must give its password (see <see cref="PasswordRoleAsync"/>).</summary>
    public const string PasswordRole = "estate_password_test";

    /// <summary>
    /// Makes <see cref="PasswordRole"/> a login role with a password and returns that password. On the throwaway cluster
    /// a <c>host all estate_password_test 127.0.0.1/32 scram-sha-256</c> line goes into <c>pg_hba.conf</c> before the
    /// trust lines (everyone else keeps trust) and the configuration is reloaded; this returns once a wrong password is
    /// refused. On an <c>ESTATE_TEST_DB</c> server the role is made and the server's own rules must ask it for a password.
    /// </summary>
    public Task<string> PasswordRoleAsync() => _passwordRole.Value;

    /// <summary>Creates an empty database (no tables) and returns its name.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = NewName("estate_test");
        await ExecuteAdminAsync($"CREATE DATABASE {name}").ConfigureAwait(false);
        return name;
    }

    /// <summary>Creates a database with every migration applied (a copy of the migrated template) and returns its name.</summary>
    public async Task<string> CreateMigratedDatabaseAsync()
    {
        var template = await _template.Value.ConfigureAwait(false);
        var name = NewName("estate_test");
        await ExecuteAdminAsync($"CREATE DATABASE {name} TEMPLATE {template}").ConfigureAwait(false);
        return name;
    }

    /// <summary>Drops a database made by this server, closing any connections still open to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").ConfigureAwait(false);
        lock (_created)
        {
            _created.Remove(name);
        }
    }

    private async Task<string> CreateTemplateAsync()
    {
        var name = NewName("estate_template");
        await ExecuteAdminAsync($"CREATE DATABASE {name}").ConfigureAwait(false);
        await using (var dataSource = EstateDatabase.CreateDataSource(ConnectionString(name)))
        {
            await EstateDatabase.MigrateAsync(dataSource).ConfigureAwait(false);
        }

        return name;
    }

    private async Task<string> CreatePasswordRoleAsync()
    {
        const string password = "correct horse battery staple";
        await ExecuteAdminAsync($"""
            DO $$ BEGIN
                IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{PasswordRole}') THEN
                    ALTER ROLE {PasswordRole} LOGIN PASSWORD '{password}';
                ELSE
                    CREATE ROLE {PasswordRole} LOGIN PASSWORD '{password}';
                END IF;
            END $$
            """).ConfigureAwait(false);
        if (Cluster is null)
        {
            return password;
        }

        var hba = Path.Combine(Cluster.DataDirectory, "pg_hba.conf");
        var line = $"host all {PasswordRole} 127.0.0.1/32 scram-sha-256";
        var lines = File.ReadAllLines(hba).ToList();
        if (!lines.Contains(line))
        {
            var first = lines.FindIndex(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
            lines.Insert(first < 0 ? lines.Count : first, line);
            File.WriteAllLines(hba, lines); // rewrites the file in place: owner and mode stay the cluster's
        }

        await ExecuteAdminAsync("SELECT pg_reload_conf()").ConfigureAwait(false);

        // The postmaster rereads pg_hba.conf on the signal, a moment later: wait until a wrong password is refused.
        var wrong = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Username = PasswordRole, Password = "wrong", Pooling = false };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(wrong.ConnectionString);
                await connection.OpenAsync().ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == "28P01")
            {
                return password;
            }

            if (attempt == 100)
            {
                throw new InvalidOperationException($"The test cluster still lets {PasswordRole} in without its password after reloading {hba}.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private string NewName(string prefix)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Environment.ProcessId}_{Guid.NewGuid():N}")[..48];
        lock (_created)
        {
            _created.Add(name);
        }

        return name;
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private void Shutdown()
    {
        if (Cluster is not null)
        {
            Cluster.Stop();
            return;
        }

        // A shared server: drop what this process made. Best effort; the process is exiting.
        NpgsqlConnection.ClearAllPools();
        List<string> names;
        lock (_created)
        {
            names = [.. _created];
        }

        foreach (var name in names)
        {
            try
            {
                ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // Left for the server's owner to clean up; names carry the process id.
            }
        }
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var admin = new NpgsqlConnectionStringBuilder(external);
            if (string.IsNullOrEmpty(admin.Database))
            {
                admin.Database = "postgres";
            }

            return new PostgresServer(admin, null);
        }

        var cluster = await Task.Run(LocalCluster.Start).ConfigureAwait(false);
        var local = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = cluster.Port,
            Username = "postgres",
            Database = "postgres",
            GssEncryptionMode = GssEncryptionMode.Disable,
            IncludeErrorDetail = true,
        };
        return new PostgresServer(local, cluster);
    }

    /// <summary>A throwaway PostgreSQL cluster in a temp folder, run by <c>initdb</c> and <c>pg_ctl</c>.</summary>
    internal sealed class LocalCluster
    {
        private const string OwnerFile = "owner.pid";

        private readonly string _bin;
        private readonly bool _asPostgres;
        private int _stopped;

        private LocalCluster(string bin, bool asPostgres, string dataDirectory, int port)
        {
            _bin = bin;
            _asPostgres = asPostgres;
            DataDirectory = dataDirectory;
            Port = port;
        }

        public string DataDirectory { get; }

        public int Port { get; }

        public static LocalCluster Start()
        {
            var bin = FindBinaries();
            var asPostgres = Environment.IsPrivilegedProcess;
            ReapOrphans(bin, asPostgres);
            var directory = asPostgres
                ? Run(null, true, "mktemp", "-d", Path.Combine(Path.GetTempPath(), "estate-pg-XXXXXXXX")).Trim()
                : Directory.CreateTempSubdirectory("estate-pg-").FullName;
            File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            var data = Path.Combine(directory, "data");
            Run(bin, asPostgres, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions");
            File.AppendAllText(Path.Combine(data, "postgresql.conf"), """

                # Throwaway test cluster: loopback only, no unix socket, speed over durability.
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                max_connections = 200
                # Sized as a large landlord's server would be (docs/operations.md, PostgreSQL): at 300,000 homes the
                # orders and the outbox no longer fit in the default 128 MB, and the benchmarks run here too.
                shared_buffers = 1GB
                """);

            Exception? last = null;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreePort();
                try
                {
                    Run(bin, asPostgres, "pg_ctl", "start", "-D", data, "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"),
                        "-o", $"-p {port}");
                    return new LocalCluster(bin, asPostgres, data, port);
                }
                catch (InvalidOperationException e)
                {
                    last = e; // most likely the port was taken between probing and binding: try another
                }
            }

            throw new InvalidOperationException($"Could not start the test PostgreSQL cluster in {data}; see {Path.Combine(directory, "server.log")}.", last);
        }

        /// <summary>
        /// Stops the server and deletes its folder. Runs from ProcessExit, where the test host may be killed within
        /// moments, so the work is handed to a detached shell (its own session) that outlives this process.
        /// </summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }

            NpgsqlConnection.ClearAllPools();
            StopDetached(_bin, _asPostgres, DataDirectory);
        }

        private static void StopDetached(string bin, bool asPostgres, string dataDirectory)
        {
            var script = $"'{Path.Combine(bin, "pg_ctl")}' stop -D '{dataDirectory}' -m immediate -w -t 30 >/dev/null 2>&1; rm -rf '{Path.GetDirectoryName(dataDirectory)}'";
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
            foreach (var a in asPostgres ? ["runuser", "-u", "postgres", "--", "sh", "-c", script] : new[] { "sh", "-c", script })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start);
        }

        /// <summary>Stops and deletes clusters left by test processes that died without cleaning up.</summary>
        private static void ReapOrphans(string bin, bool asPostgres)
        {
            foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "estate-pg-*"))
            {
                var ownerFile = Path.Combine(directory, OwnerFile);
                if (!File.Exists(ownerFile)
                    || !int.TryParse(File.ReadAllText(ownerFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
                    || Directory.Exists($"/proc/{owner}"))
                {
                    continue;
                }

                StopDetached(bin, asPostgres, Path.Combine(directory, "data"));
            }
        }

        private static string FindBinaries()
        {
            var configured = Environment.GetEnvironmentVariable(BinVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured;
            }

            var debian = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;
            return debian ?? throw new InvalidOperationException(
                "PostgreSQL is not installed: the tests need initdb and pg_ctl from Debian's 'postgresql' package "
                + $"(apt-get install postgresql), or {ServerVariable} set to a connection string of a server where they may create databases, "
                + $"or {BinVariable} naming the folder that holds initdb.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string Run(string? bin, bool asPostgres, string program, params string[] args)
        {
            var path = bin is null ? program : Path.Combine(bin, program);
            var start = new ProcessStartInfo(asPostgres ? "runuser" : path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            if (asPostgres)
            {
                foreach (var a in new[] { "-u", "postgres", "--", path })
                {
                    start.ArgumentList.Add(a);
                }
            }

            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{path} {string.Join(' ', args)} exited with {process.ExitCode}: {stdout}{stderr.GetAwaiter().GetResult()}");
            }

            return stdout;
        }
    }
}
