using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Snikket.Server.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL for integration tests, without containers.
/// </summary>
/// <remarks>
/// <para>
/// When the environment variable <c>SNIKKET_TEST_POSTGRES</c> holds an Npgsql connection string
/// for a superuser, that server is used and nothing is started. Otherwise a throwaway cluster is
/// made from Debian's <c>postgresql</c> package: <c>initdb</c> and <c>pg_ctl</c> from the newest
/// <c>/usr/lib/postgresql/*/bin</c>, run as the <c>postgres</c> user when this process is root
/// (they refuse to run as root), in a temporary directory, listening on a free loopback port
/// with durability switched off. It is stopped and deleted on dispose and at process exit;
/// clusters left behind by a test process that was killed are cleaned up by the next start.
/// </para>
/// <para>
/// When PostgreSQL is missing, <see cref="SharedAsync"/> throws with a message that says how to
/// install it: the tests fail, they are never skipped.
/// </para>
/// <para>
/// Typical use: migrate once into a template database (made with <see cref="CreateDatabaseAsync"/>),
/// then give each test class its own database created from that template. A template must have
/// no open connection when it is copied; the fixture clears the Npgsql pool of
/// <see cref="ConnectionString"/> for the template and retries for a few seconds, so connect to
/// the template with exactly that connection string (or with <c>Pooling=false</c>).
/// </para>
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Environment variable naming an existing server to use instead of a throwaway one.</summary>
    public const string EnvironmentVariable = "SNIKKET_TEST_POSTGRES";

    private const string DirectoryPrefix = "snikket-test-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TemplateBusyTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);

    private readonly NpgsqlConnectionStringBuilder _admin;
    private readonly LocalCluster? _cluster;
    private int _disposed;

    private PostgresServer(NpgsqlConnectionStringBuilder admin, LocalCluster? cluster)
    {
        _admin = admin;
        _cluster = cluster;
    }

    /// <summary>Whether this instance runs its own throwaway cluster (false: <c>SNIKKET_TEST_POSTGRES</c>).</summary>
    public bool IsThrowaway => _cluster is not null;

    /// <summary>
    /// The server shared by every test in this process: started on first use, stopped at process
    /// exit. Do not dispose it.
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>Starts a server of its own (the caller disposes it). Most tests want <see cref="SharedAsync"/>.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            NpgsqlConnectionStringBuilder admin;
            try
            {
                admin = new NpgsqlConnectionStringBuilder(external);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not a valid Npgsql connection string: {e.Message}", e);
            }

            if (string.IsNullOrEmpty(admin.Database))
            {
                admin.Database = "postgres";
            }

            var server = new PostgresServer(admin, cluster: null);
            await server.WaitUntilAcceptingAsync(TimeSpan.FromSeconds(10), log: null, cancellationToken).ConfigureAwait(false);
            return server;
        }

        var cluster = await LocalCluster.StartAsync(cancellationToken).ConfigureAwait(false);
        var local = new PostgresServer(cluster.AdminConnectionString(), cluster);
        try
        {
            await local.WaitUntilAcceptingAsync(StartTimeout, cluster.LogFile, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await local.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return local;
    }

    /// <summary>A connection string for <paramref name="database"/> on this server, as the superuser.</summary>
    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        var builder = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database };
        return builder.ConnectionString;
    }

    /// <summary>
    /// Creates a database with a unique name that starts with <paramref name="namePrefix"/>,
    /// optionally as a copy of <paramref name="template"/>, and returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string namePrefix, string? template = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(namePrefix);
        var name = UniqueName(namePrefix);
        var sql = template is null
            ? $"CREATE DATABASE {Quote(name)}"
            : $"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(template)}";

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // A template with a connection open cannot be copied ("source database is being
            // accessed by other users", after PostgreSQL itself waited 5 s): close the idle pooled
            // connections of whoever just migrated it.
            if (template is not null)
            {
                ClearPool(template);
            }

            try
            {
                await ExecuteAdminAsync(sql).ConfigureAwait(false);
                return ConnectionString(name);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse
                && template is not null && deadline.Elapsed < TemplateBusyTimeout)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops the database named <paramref name="name"/>, closing any connection to it. No error if it is absent.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ClearPool(name);
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)").ConfigureAwait(false);
    }

    /// <summary>Stops and deletes a throwaway cluster; does nothing for an external server.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            NpgsqlConnection.ClearAllPools();
            _cluster?.Stop();
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private void ClearPool(string database)
    {
        using var pooled = new NpgsqlConnection(ConnectionString(database));
        NpgsqlConnection.ClearPool(pooled);
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilAcceptingAsync(TimeSpan timeout, string? log, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Pooling = false, Timeout = 5 };
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException)
            {
                last = e;
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }

        var where = log is null ? $"the server named by {EnvironmentVariable}" : $"the throwaway cluster (log {log})";
        throw new InvalidOperationException(
            $"PostgreSQL did not accept connections within {timeout.TotalSeconds:0} s at {where}: {last?.Message}"
            + (log is null ? "" : Environment.NewLine + LocalCluster.Tail(log)),
            last);
    }

    private static string UniqueName(string prefix)
    {
        var clean = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        // 63 bytes is PostgreSQL's identifier limit; 1 + 16 for the unique part.
        var stem = clean.Length > 46 ? clean.ToString(0, 46) : clean.ToString();
        return $"{stem}_{Guid.NewGuid():N}"[..(stem.Length + 17)];
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A cluster made by initdb in a temporary directory and run by pg_ctl.</summary>
    private sealed class LocalCluster
    {
        private readonly string _root;
        private readonly string _binDirectory;
        private readonly bool _asPostgresUser;
        private int _stopped;

        private LocalCluster(string root, string binDirectory, bool asPostgresUser, int port)
        {
            _root = root;
            _binDirectory = binDirectory;
            _asPostgresUser = asPostgresUser;
            Port = port;
        }

        public int Port { get; }

        public string LogFile => Path.Combine(_root, "postgres.log");

        private string DataDirectory => Path.Combine(_root, "data");

        public static async Task<LocalCluster> StartAsync(CancellationToken cancellationToken)
        {
            var bin = FindBinDirectory();
            var asPostgresUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
            var parent = asPostgresUser ? "/tmp" : Path.GetTempPath();
            CleanUpAbandoned(parent, bin, asPostgresUser);

            var root = Path.Combine(parent, DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            await File.WriteAllTextAsync(
                Path.Combine(root, OwnerFile),
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                cancellationToken).ConfigureAwait(false);

            LocalCluster? cluster = null;
            try
            {
                if (asPostgresUser)
                {
                    await RunAsync("chown", ["-R", "postgres:postgres", root], root, asPostgresUser: false, cancellationToken)
                        .ConfigureAwait(false);
                }

                await StartWatchdogAsync(root, bin, asPostgresUser, cancellationToken).ConfigureAwait(false);
                var initdbCluster = new LocalCluster(root, bin, asPostgresUser, port: 0);
                await initdbCluster.RunToolAsync(
                    "initdb",
                    ["-D", initdbCluster.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--no-locale"],
                    cancellationToken).ConfigureAwait(false);

                // The port is free when picked but may be taken before the postmaster binds it:
                // try a few.
                for (var attempt = 1; ; attempt++)
                {
                    cluster = new LocalCluster(root, bin, asPostgresUser, FreeLoopbackPort());
                    try
                    {
                        await cluster.PgCtlStartAsync(cancellationToken).ConfigureAwait(false);
                        return cluster;
                    }
                    catch (InvalidOperationException) when (attempt < 3)
                    {
                        cluster.StopServer();
                    }
                }
            }
            catch
            {
                cluster?.Stop();
                TryDelete(root);
                throw;
            }
        }

        public NpgsqlConnectionStringBuilder AdminConnectionString() => new()
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
        };

        /// <summary>Stops the server and deletes the directory; safe to call more than once.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            StopServer();
            TryDelete(_root);
        }

        public static string Tail(string file)
        {
            try
            {
                var lines = File.ReadAllLines(file);
                return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 20)));
            }
            catch (IOException)
            {
                return "(no log)";
            }
            catch (UnauthorizedAccessException)
            {
                return "(log unreadable)";
            }
        }

        private void StopServer()
        {
            if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                return;
            }

            try
            {
                RunAsync(
                    Path.Combine(_binDirectory, "pg_ctl"),
                    ["-D", DataDirectory, "stop", "-m", "immediate", "-w", "-t", "20"],
                    _root,
                    _asPostgresUser,
                    CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already stopped, or the process is exiting: nothing more can be done here.
            }
        }

        private Task PgCtlStartAsync(CancellationToken cancellationToken)
        {
            var options = string.Join(
                ' ',
                "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-k", _root,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=200");
            return RunToolAsync(
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "start"],
                cancellationToken);
        }

        private async Task RunToolAsync(string tool, string[] arguments, CancellationToken cancellationToken)
        {
            try
            {
                await RunAsync(Path.Combine(_binDirectory, tool), arguments, _root, _asPostgresUser, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (File.Exists(LogFile))
            {
                throw new InvalidOperationException(e.Message + Environment.NewLine + "postgres.log:" + Environment.NewLine + Tail(LogFile), e);
            }
        }

        private static async Task RunAsync(
            string program, string[] arguments, string workingDirectory, bool asPostgresUser, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo
            {
                FileName = asPostgresUser ? "runuser" : program,
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (asPostgresUser)
            {
                foreach (var a in new[] { "-u", "postgres", "--", program })
                {
                    start.ArgumentList.Add(a);
                }
            }

            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["LC_ALL"] = "C";
            start.Environment.Remove("PGDATA");
            start.Environment.Remove("PGPORT");

            using var process = Process.Start(start)
                ?? throw new InvalidOperationException($"Could not start {program}.");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var text = (await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false));
                throw new InvalidOperationException(
                    $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{text.Trim()}");
            }
        }

        private static string FindBinDirectory()
        {
            const string Root = "/usr/lib/postgresql";
            var candidates = Directory.Exists(Root)
                ? Directory.GetDirectories(Root)
                    .Select(d => (Directory: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                    .Where(c => File.Exists(Path.Combine(c.Directory, "initdb")) && File.Exists(Path.Combine(c.Directory, "pg_ctl")))
                    .OrderByDescending(c => c.Version)
                    .ToList()
                : [];
            if (candidates.Count == 0)
            {
                throw new InvalidOperationException(
                    "PostgreSQL is needed by the integration tests and was not found (no initdb/pg_ctl under "
                    + $"{Root}/*/bin). Install it with `apt-get install postgresql` (Debian/Ubuntu), or set "
                    + $"{EnvironmentVariable} to an Npgsql connection string for a superuser of an existing server, "
                    + "e.g. SNIKKET_TEST_POSTGRES='Host=127.0.0.1;Port=5432;Username=postgres;Password=secret'.");
            }

            return candidates[0].Directory;
        }

        private static Version ParseVersion(string name) =>
            Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var v) ? v : new Version(0, 0);

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>
        /// A detached shell that waits for this process to end, however it ends (the test host is
        /// killed soon after its run, and may be killed mid-run), then stops the cluster and
        /// deletes its directory. Dispose and process exit do the same sooner; both are idempotent.
        /// </summary>
        private static Task StartWatchdogAsync(string root, string bin, bool asPostgresUser, CancellationToken cancellationToken)
        {
            const string Script = """
                exec </dev/null >/dev/null 2>&1
                while kill -0 "$1" 2>/dev/null; do sleep 1; done
                if [ -f "$3/data/postmaster.pid" ]; then
                  if [ "$4" = root ]; then runuser -u postgres -- "$2/pg_ctl" -D "$3/data" stop -m immediate -w -t 20
                  else "$2/pg_ctl" -D "$3/data" stop -m immediate -w -t 20; fi
                fi
                rm -rf "$3"
                """;
            return RunAsync(
                "setsid",
                [
                    "-f", "sh", "-c", Script, "snikket-test-pg-watchdog",
                    Environment.ProcessId.ToString(CultureInfo.InvariantCulture), bin, root, asPostgresUser ? "root" : "user",
                ],
                root,
                asPostgresUser: false,
                cancellationToken);
        }

        /// <summary>Stops and deletes clusters whose owning test process no longer exists (it was killed).</summary>
        private static void CleanUpAbandoned(string parent, string bin, bool asPostgresUser)
        {
            string[] directories;
            try
            {
                directories = Directory.GetDirectories(parent, DirectoryPrefix + "*");
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }

            foreach (var directory in directories)
            {
                try
                {
                    var owner = int.Parse(File.ReadAllText(Path.Combine(directory, OwnerFile)).Trim(), CultureInfo.InvariantCulture);
                    if (Directory.Exists($"/proc/{owner}"))
                    {
                        continue;
                    }

                    new LocalCluster(directory, bin, asPostgresUser, port: 0).Stop();
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or OverflowException)
                {
                    // Not ours or half made: leave it.
                }
            }
        }

        private static void TryDelete(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
