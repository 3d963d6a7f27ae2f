using System.Globalization;
using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Bench;

/// <summary>
/// Writes accounts straight into a stopped Prosody's <c>internal_hashed</c> store, as
/// <c>prosodyctl register</c> would (one Lua table per account in
/// <c>DATA/&lt;host&gt;/accounts/&lt;user&gt;.dat</c>: hex StoredKey and ServerKey for SCRAM-SHA-1,
/// the iteration count and a UUID string as salt), thousands per second instead of one.
/// </summary>
internal static class ProsodyAccounts
{
    public static string Usage => """
        snikket-bench provision-prosody --data DIR [--domain localhost] [--user-prefix bench] --users N
                                        [--password bench-password] [--iterations 10000]
        Writes DIR/<domain>/accounts/<prefix><i>.dat for i = 1..N (Prosody must not be running
        or must not have these accounts cached).
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        string? data = null;
        var domain = "localhost";
        var prefix = "bench";
        var users = 0;
        var password = "bench-password";
        var iterations = ScramCredential.DefaultIterations;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--data": data = value; break;
                case "--domain": domain = value; break;
                case "--user-prefix": prefix = value; break;
                case "--users": users = BenchOptions.ParseInt(name, value, 1, 1_000_000); break;
                case "--password": password = value; break;
                case "--iterations": iterations = BenchOptions.ParseInt(name, value, ScramCredential.MinimumIterations, ScramCredential.MaximumIterations); break;
                default: throw new ArgumentException($"Unknown option {name}.\n{Usage}");
            }
        }

        if (data is null || users == 0)
        {
            throw new ArgumentException("--data and --users are required.\n" + Usage);
        }

        var directory = Path.Combine(data, Encode(domain), "accounts");
        Directory.CreateDirectory(directory);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(1, users + 1, i =>
        {
            var username = prefix + i.ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(Path.Combine(directory, Encode(username) + ".dat"), AccountFile(password, iterations, Guid.NewGuid().ToString()));
        });
        Console.WriteLine(FormattableString.Invariant($"Wrote {users} Prosody accounts {prefix}1..{prefix}{users}@{domain} in {watch.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>The account file for one password, as mod_auth_internal_hashed stores it (SCRAM-SHA-1 only in 0.12).</summary>
    public static string AccountFile(string password, int iterations, string salt)
    {
        var credential = ScramCredential.Derive(ScramHash.Sha1, password, Encoding.UTF8.GetBytes(salt), iterations);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            return {
            	["server_key"] = "{{Convert.ToHexStringLower(credential.ServerKey)}}";
            	["stored_key"] = "{{Convert.ToHexStringLower(credential.StoredKey)}}";
            	["iteration_count"] = {{iterations}};
            	["salt"] = "{{salt}}";
            };

            """);
    }

    /// <summary>Prosody's datamanager path encoding: every byte that is not a letter or digit becomes %xx.</summary>
    public static string Encode(string name)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
