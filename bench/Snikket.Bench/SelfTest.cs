using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Bench;

/// <summary>
/// <c>self-test</c>: checks the load generator's own arithmetic before its figures are trusted
/// (the benchmark is not a test project; this is its sanity check, run in seconds, no server).
/// </summary>
internal static class SelfTest
{
    public static int Run()
    {
        var failures = new List<string>();
        void Check(bool ok, string what)
        {
            Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
            if (!ok)
            {
                failures.Add(what);
            }
        }

        // Histogram: exact below 64 µs, ≤ 1/32 relative error above, exact max, percentiles by rank.
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 10_000; v++)
        {
            histogram.Record(v);
        }

        Check(Math.Abs(histogram.Percentile(0.5) - 5000) <= 5000 / 32, "histogram p50 of 1..10000 within one bucket of 5000");
        Check(Math.Abs(histogram.Percentile(0.99) - 9900) <= 9900 / 32, "histogram p99 of 1..10000 within one bucket of 9900");
        Check(histogram.Max == 10_000 && histogram.Percentile(1) == 10_000, "histogram max exact");
        var roundTrip = true;
        foreach (var value in new long[] { 0, 1, 63, 64, 65, 127, 128, 1000, 123_456, 10_000_000_000 })
        {
            var back = LatencyHistogram.ValueOf(LatencyHistogram.IndexOf(value));
            roundTrip &= value < 64 ? back == value : Math.Abs(back - value) <= value / 32.0;
        }

        Check(roundTrip, "histogram bucket midpoints within 1/32 of the value");

        // Timer wheel: a periodic item fires exactly once per period, in order, through late ticks and several turns.
        var wheel = new TimerWheel<int>(0, 10, 16);
        var fired = new List<long>();
        wheel.Schedule(5, 1);
        void Fire(int item, long due)
        {
            fired.Add(due);
            if (due + 37 < 2000)
            {
                wheel.Schedule(due + 37, item);
            }
        }

        for (long now = 0; now < 2000; now += 7)
        {
            wheel.Advance(now, Fire);
        }

        wheel.Advance(5000, Fire);
        var expected = Enumerable.Range(0, 55).Select(i => 5L + (37L * i)).Where(d => d < 2000).ToList();
        Check(fired.SequenceEqual(expected), "timer wheel fires every period once, in order, across turns");
        var far = new TimerWheel<int>(0, 1, 8);
        var farFired = 0;
        far.Schedule(100, 0);
        far.Advance(99, (_, _) => farFired++);
        var early = farFired;
        far.Advance(100, (_, _) => farFired++);
        Check(early == 0 && farFired == 1, "timer wheel keeps an item several turns ahead until it is due");

        // Prosody account file: the keys prosodyctl 0.12 wrote for password "secret" with this salt.
        var file = ProsodyAccounts.AccountFile("secret", 10000, "09099612-2336-409e-8f42-429f5c375234");
        Check(
            file.Contains("[\"stored_key\"] = \"c18c87d7cdf97c9404e9d1bdef9d11b49ea54d7a\";", StringComparison.Ordinal)
            && file.Contains("[\"server_key\"] = \"270c24b18d9e813d0661a9c52c32e27e883c80e2\";", StringComparison.Ordinal),
            "Prosody account file matches prosodyctl's keys for the same salt");
        Check(ProsodyAccounts.Encode("example.com") == "example%2ecom" && ProsodyAccounts.Encode("bench_1") == "bench%5f1", "Prosody path encoding");

        // Cached SCRAM keys equal the library's derivation (RFC 5802 §3).
        var salt = Encoding.UTF8.GetBytes("salt-for-self-test");
        foreach (var hash in new[] { ScramHash.Sha1, ScramHash.Sha256 })
        {
            var keys = ScramKeys.Derive(hash, "pencil", salt, 4096);
            var credential = ScramCredential.Derive(hash, "pencil", salt, 4096);
            Check(keys.StoredKey.AsSpan().SequenceEqual(credential.StoredKey) && keys.ServerKey.AsSpan().SequenceEqual(credential.ServerKey), "cached SCRAM keys match ScramCredential for " + hash.MechanismName());
        }

        Console.WriteLine(failures.Count == 0 ? "self-test: all checks passed" : $"self-test: {failures.Count} failed");
        return failures.Count == 0 ? 0 : 1;
    }
}
