using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snikket.Xmpp.Sasl;

namespace Snikket.Bench;

/// <summary>The <c>run</c> command's options, parsed from <c>--name value</c> pairs.</summary>
internal sealed class BenchOptions
{
    /// <summary>The most connections one run opens: the hard open-files limit here is 20,000 per process.</summary>
    public const int MaxConnections = 18_000;

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; } = 5222;

    public string Domain { get; private set; } = "localhost";

    public string UserPrefix { get; private set; } = "bench";

    /// <summary>Accounts <c>prefix1 … prefixN</c>; 0 = as many as the phases need.</summary>
    public int Users { get; private set; }

    public string Password { get; private set; } = "bench-password";

    /// <summary>The server's process id for RSS and CPU figures; 0 = none (those figures are left out).</summary>
    public int ServerPid { get; private set; }

    public bool StartTls { get; private set; }

    public ScramHash Mechanism { get; private set; } = ScramHash.Sha1;

    public int Connections { get; private set; } = 2000;

    public int LoginCount { get; private set; } = 2000;

    public int Concurrency { get; private set; } = 50;

    public int Pairs { get; private set; } = 200;

    public IReadOnlyList<int> Steps { get; private set; } = [1000, 2500, 5000, 10000, 15000, 20000, 25000, 30000, 40000, 50000, 60000, 80000, 100000];

    public double StepSeconds { get; private set; } = 10;

    /// <summary>An untimed step at the first rate before the timed ones.</summary>
    public double WarmupSeconds { get; private set; } = 5;

    public double SettleSeconds { get; private set; } = 5;

    public double DrainSeconds { get; private set; } = 3;

    public double MaxP99Milliseconds { get; private set; } = 100;

    public double MinAchievedFraction { get; private set; } = 0.9;

    /// <summary>A step whose pacer ran later than this (p99) measured the load generator, not the server.</summary>
    public double MaxLagMilliseconds { get; private set; } = 50;

    /// <summary>Bound on any one login (connect to session), and on each wait for the server.</summary>
    public double LoginTimeoutSeconds { get; private set; } = 30;

    /// <summary>Bound on the idle and login phases' connection work, each.</summary>
    public double PhaseTimeoutSeconds { get; private set; } = 600;

    public int BodyBytes { get; private set; } = 64;

    /// <summary>After the message steps, ask every receiver's archive (XEP-0313) how many messages it holds.</summary>
    public bool ArchiveCheck { get; private set; }

    public string? JsonPath { get; private set; }

    public string Label { get; private set; } = "server";

    public bool Idle { get; private set; } = true;

    public bool Login { get; private set; } = true;

    public bool Messages { get; private set; } = true;

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 5222);

    /// <summary>The account name for a 0-based index: <c>prefix{index + 1}</c>.</summary>
    public string UserName(int index) => UserPrefix + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>How many accounts the selected phases use.</summary>
    public int UsersNeeded
    {
        get
        {
            var needed = 1;
            if (Idle)
            {
                needed = Math.Max(needed, Connections);
            }

            if (Login)
            {
                needed = Math.Max(needed, Math.Min(LoginCount, MaxConnections));
            }

            if (Messages)
            {
                needed = Math.Max(needed, 2 * Pairs);
            }

            return needed;
        }
    }

    public static string Usage => """
        snikket-bench run [options]            measure a running XMPP server on loopback
        snikket-bench provision-prosody ...    write Prosody internal_hashed account files
        snikket-bench register ...             create accounts by in-band registration (XEP-0077)
        snikket-bench free-port                print a free TCP port on 127.0.0.1
        snikket-bench users-needed [options]   print how many accounts 'run' with these options uses
        snikket-bench compare A.json B.json…   headline figures of several reports side by side
        snikket-bench self-test                check the histogram, timer wheel and account-file code
        snikket-bench proc-stats PID           print a process's RSS, threads and CPU time

        run options (defaults in brackets):
          --host H              server address, loopback only [127.0.0.1]
          --port N              c2s port [5222]
          --domain D            XMPP domain [localhost]
          --user-prefix P       accounts are P1, P2, … [bench]
          --users N             accounts provisioned; 0 = as many as needed [0]
          --password P          the accounts' password [bench-password]
          --server-pid PID      server process for RSS and CPU figures [none]
          --starttls | --plain  negotiate TLS (any certificate accepted) or not [--plain]
          --mechanism M         SCRAM-SHA-1 or SCRAM-SHA-256 [SCRAM-SHA-1]
          --phases LIST         any of idle,login,messages [idle,login,messages]
          --connections N       idle phase: connections held, at most 18000 [2000]
          --login-count K       login phase: timed logins [2000]
          --concurrency C       logins in flight, all phases [50]
          --pairs P             message phase: sender/receiver pairs [200]
          --steps LIST          message rates in msg/s [1000,2500,5000,10000,15000,20000,25000,30000,
                                                40000,50000,60000,80000,100000]
          --step-seconds S      length of each step [10]
          --warmup-seconds S    untimed step at the first rate before the others [5]
          --drain-seconds S     wait for stragglers after each step [3]
          --max-p99-ms MS       stop after the first step whose p99 exceeds this [100]
          --min-achieved F      ... or whose delivered rate is below F x target [0.9]
          --max-lag-ms MS       ... or where the load generator's pacer ran this late (p99) [50]
          --settle-seconds S    idle phase: wait before each RSS reading [5]
          --login-timeout S     bound on each login and each wait for the server [30]
          --phase-timeout S     bound on the connection work of the idle and login phases [600]
          --body-bytes N        message body length [64]
          --archive-check       after the message steps, count the receivers' archived messages
                                (XEP-0313 query with <max>0</max>) and report them beside the sent total
          --label NAME          server name in the report [server]
          --json FILE           also write the report as JSON
        """;

    /// <summary>Parses the options; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--host": options.Host = Value(); break;
                case "--port": options.Port = ParseInt(name, Value(), 1, 65535); break;
                case "--domain": options.Domain = Value(); break;
                case "--user-prefix": options.UserPrefix = Value(); break;
                case "--users": options.Users = ParseInt(name, Value(), 0, 1_000_000); break;
                case "--password": options.Password = Value(); break;
                case "--server-pid": options.ServerPid = ParseInt(name, Value(), 0, int.MaxValue); break;
                case "--starttls": options.StartTls = true; break;
                case "--archive-check": options.ArchiveCheck = true; break;
                case "--plain": options.StartTls = false; break;
                case "--mechanism":
                    var mechanism = Value();
                    if (!ScramHashExtensions.TryParseMechanism(mechanism, out var hash, out var plus) || plus)
                    {
                        throw new ArgumentException("--mechanism is SCRAM-SHA-1 or SCRAM-SHA-256.");
                    }

                    options.Mechanism = hash;
                    break;
                case "--phases":
                    var phases = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = phases.Except(["idle", "login", "messages"], StringComparer.Ordinal).ToList();
                    if (unknown.Count > 0 || phases.Length == 0)
                    {
                        throw new ArgumentException("--phases is a comma-separated list of idle, login, messages.");
                    }

                    options.Idle = phases.Contains("idle", StringComparer.Ordinal);
                    options.Login = phases.Contains("login", StringComparer.Ordinal);
                    options.Messages = phases.Contains("messages", StringComparer.Ordinal);
                    break;
                case "--connections": options.Connections = ParseInt(name, Value(), 1, MaxConnections); break;
                case "--login-count": options.LoginCount = ParseInt(name, Value(), 1, 10_000_000); break;
                case "--concurrency": options.Concurrency = ParseInt(name, Value(), 1, 2000); break;
                case "--pairs": options.Pairs = ParseInt(name, Value(), 1, MaxConnections / 2); break;
                case "--steps":
                    options.Steps = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => ParseInt("--steps", s, 1, 10_000_000)).ToList();
                    if (options.Steps.Count == 0)
                    {
                        throw new ArgumentException("--steps needs at least one rate.");
                    }

                    break;
                case "--step-seconds": options.StepSeconds = ParseDouble(name, Value(), 1, 3600); break;
                case "--warmup-seconds": options.WarmupSeconds = ParseDouble(name, Value(), 0, 3600); break;
                case "--drain-seconds": options.DrainSeconds = ParseDouble(name, Value(), 0, 600); break;
                case "--max-p99-ms": options.MaxP99Milliseconds = ParseDouble(name, Value(), 0.001, 1e6); break;
                case "--min-achieved": options.MinAchievedFraction = ParseDouble(name, Value(), 0, 1); break;
                case "--max-lag-ms": options.MaxLagMilliseconds = ParseDouble(name, Value(), 0.001, 1e6); break;
                case "--settle-seconds": options.SettleSeconds = ParseDouble(name, Value(), 0, 600); break;
                case "--login-timeout": options.LoginTimeoutSeconds = ParseDouble(name, Value(), 1, 3600); break;
                case "--phase-timeout": options.PhaseTimeoutSeconds = ParseDouble(name, Value(), 1, 86400); break;
                case "--body-bytes": options.BodyBytes = ParseInt(name, Value(), 0, 65536); break;
                case "--label": options.Label = Value(); break;
                case "--json": options.JsonPath = Value(); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        if (options.Users == 0)
        {
            options.Users = options.UsersNeeded;
        }
        else if (options.Messages && options.Users < 2 * options.Pairs)
        {
            throw new ArgumentException($"--pairs {options.Pairs} needs at least {2 * options.Pairs} accounts (--users).");
        }

        if (options.ServerPid != 0 && !ProcStats.Exists(options.ServerPid))
        {
            throw new ArgumentException($"There is no process {options.ServerPid} (--server-pid).");
        }

        options.EndPoint = new IPEndPoint(ResolveLoopback(options.Host), options.Port);
        return options;
    }

    /// <summary>
    /// Resolves the host and refuses anything that is not loopback: this is a load generator, and
    /// load goes only to this machine.
    /// </summary>
    public static IPAddress ResolveLoopback(string host)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = Dns.GetHostAddresses(host);
            }
            catch (SocketException e)
            {
                throw new ArgumentException($"Cannot resolve {host}: {e.Message}", e);
            }
        }

        if (addresses.Length == 0 || !addresses.All(IPAddress.IsLoopback))
        {
            throw new ArgumentException($"{host} is not a loopback address; the benchmark only loads servers on this machine (127.0.0.0/8 or ::1).");
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }

    internal static int ParseInt(string name, string text, int min, int max)
    {
        if (!int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    internal static double ParseDouble(string name, string text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} takes a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
        }

        return value;
    }
}
