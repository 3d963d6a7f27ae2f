using System.Globalization;

namespace Snikket.Bench;

/// <summary>
/// <c>register</c>: creates the benchmark accounts over XMPP (XEP-0077 in-band registration), for
/// servers whose command-line tools are too slow for thousands of accounts (ejabberdctl starts a
/// VM per call). Loopback only, bounded concurrency and time.
/// </summary>
internal static class InBandRegistration
{
    public static string Usage => """
        snikket-bench register [--host 127.0.0.1] --port N [--domain localhost] [--user-prefix bench] --users N
                               [--password bench-password] [--starttls] [--concurrency 20]
        Registers prefix1..prefixN over XMPP (XEP-0077); existing accounts are left as they are.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var host = "127.0.0.1";
        var port = 5222;
        var domain = "localhost";
        var prefix = "bench";
        var users = 0;
        var password = "bench-password";
        var startTls = false;
        var concurrency = 20;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--starttls")
            {
                startTls = true;
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--host": host = value; break;
                case "--port": port = BenchOptions.ParseInt(name, value, 1, 65535); break;
                case "--domain": domain = value; break;
                case "--user-prefix": prefix = value; break;
                case "--users": users = BenchOptions.ParseInt(name, value, 1, 1_000_000); break;
                case "--password": password = value; break;
                case "--concurrency": concurrency = BenchOptions.ParseInt(name, value, 1, 500); break;
                default: throw new ArgumentException($"Unknown option {name}.\n{Usage}");
            }
        }

        if (users == 0)
        {
            throw new ArgumentException("--users is required.\n" + Usage);
        }

        var endPoint = new System.Net.IPEndPoint(BenchOptions.ResolveLoopback(host), port);
        var created = 0;
        var existing = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var outcome = await BenchContext.RunBoundedAsync("registrations", users, concurrency, async (i, ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var client = await XmppClient.ConnectAsync(endPoint, domain, timeout.Token).ConfigureAwait(false);
            try
            {
                var name = prefix + (i + 1).ToString(CultureInfo.InvariantCulture);
                if (await client.RegisterAsync(domain, name, password, startTls, timeout.Token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref created);
                }
                else
                {
                    Interlocked.Increment(ref existing);
                }
            }
            finally
            {
                await client.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }, limit.Token).ConfigureAwait(false);

        Console.WriteLine(FormattableString.Invariant(
            $"Registered {created} accounts ({existing} existed, {outcome.Failed} failed) in {outcome.Elapsed.TotalSeconds:F1} s"));
        if (outcome.FirstError is not null)
        {
            Console.WriteLine("First error: " + outcome.FirstError);
        }

        return outcome.Failed == 0 ? 0 : 1;
    }
}
