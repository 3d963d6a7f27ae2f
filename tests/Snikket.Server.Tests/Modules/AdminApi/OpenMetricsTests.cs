using Snikket.AdminApi;
using Snikket.Server.Modules.AdminApi;

namespace Snikket.Server.Tests.Modules.AdminApi;

public sealed class OpenMetricsTests
{
    private static readonly ServerMetrics Sample = new(123456789, new CpuMetric(1700000000, 1.5), 3, 7, new ActiveUsers(1, 2, 4));

    [Fact]
    public void The_exposition_ends_with_eof()
    {
        var text = ServerEndpoints.OpenMetrics(Sample);

        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Counters_have_a_total_sample_and_gauges_their_plain_name()
    {
        var lines = ServerEndpoints.OpenMetrics(Sample).Split('\n');

        Assert.Contains("snikket_process_cpu_seconds_total 1.5", lines);
        Assert.Contains("# TYPE snikket_process_cpu_seconds counter", lines);
        Assert.Contains("snikket_c2s_sessions 3", lines);
        Assert.Contains("snikket_active_accounts{period=\"7d\"} 2", lines);
    }

    [Fact]
    public void Every_sample_follows_its_type_line()
    {
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ServerEndpoints.OpenMetrics(Sample).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                typed.Add(line.Split(' ')[2]);
            }
            else if (!line.StartsWith('#'))
            {
                var name = line.Split(' ', '{')[0];
                Assert.True(typed.Contains(name) || (name.EndsWith("_total", StringComparison.Ordinal) && typed.Contains(name[..^6])), line);
            }
        }
    }
}
