using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Snikket.Bench;

/// <summary>Everything one run measured; printed as text and optionally written as JSON.</summary>
internal sealed class BenchReport
{
    public required string Label { get; init; }

    public required string Target { get; init; }

    public required string Domain { get; init; }

    public required bool StartTls { get; init; }

    public required string Mechanism { get; init; }

    public int? ServerPid { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int ProcessorCount { get; init; }

    /// <summary>True when each phase ran against a freshly started server (a merged report).</summary>
    public bool FreshServerPerPhase { get; init; }

    public IdleResult? Idle { get; set; }

    public LoginResult? Login { get; set; }

    public MessagesResult? Messages { get; set; }

    public List<string> Errors { get; init; } = [];

    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static BenchReport FromJson(string json) =>
        JsonSerializer.Deserialize<BenchReport>(json, JsonOptions) ?? throw new ArgumentException("Not a benchmark report.");

    /// <summary>
    /// Combines reports of the same server where each ran some phases (run-against.sh restarts
    /// the server per phase): the first report's header, each phase from the last report that has it.
    /// </summary>
    public static BenchReport Merge(IReadOnlyList<BenchReport> reports)
    {
        ArgumentOutOfRangeException.ThrowIfZero(reports.Count);
        var first = reports[0];
        var merged = new BenchReport
        {
            Label = first.Label,
            Target = first.Target,
            Domain = first.Domain,
            StartTls = first.StartTls,
            Mechanism = first.Mechanism,
            ServerPid = first.ServerPid,
            StartedAt = first.StartedAt,
            ProcessorCount = first.ProcessorCount,
            FreshServerPerPhase = reports.Count > 1,
        };
        foreach (var report in reports)
        {
            merged.Idle = report.Idle ?? merged.Idle;
            merged.Login = report.Login ?? merged.Login;
            merged.Messages = report.Messages ?? merged.Messages;
            merged.Errors.AddRange(report.Errors);
        }

        return merged;
    }

    public string ToText()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(FormattableString.Invariant(line));

        Line($"=== XMPP benchmark: {Label} at {Target} ({Domain}), {(StartTls ? "STARTTLS" : "plaintext")}, {Mechanism}, {ProcessorCount} cores shared with the load generator{(FreshServerPerPhase ? ", server restarted for each phase" : "")} ===");
        if (Idle is { } idle)
        {
            Line($"Idle connections: {idle.Connected}/{idle.Requested} held ({idle.Failed} failed, {idle.DroppedWhileIdle} dropped while idle), connected in {idle.ConnectSeconds:F1} s");
            Line($"  server RSS idle baseline  {Kb(idle.BaselineRssKb)}");
            Line($"  server RSS with {idle.Connected} conns {Kb(idle.LoadedRssKb)}   => {Num(idle.KbPerConnection, "F1")} KB per connection");
            Line($"  server RSS after closing  {Kb(idle.AfterCloseRssKb)}   threads {Num(idle.BaselineThreads)} -> {Num(idle.LoadedThreads)}   (load generator RSS {Num(idle.ClientRssKb / 1024)} MiB)");
            if (idle.FirstError is not null)
            {
                Line($"  first error: {idle.FirstError}");
            }
        }

        if (Login is { } login)
        {
            Line($"Logins: {login.Succeeded}/{login.Count} over {login.Accounts} accounts at concurrency {login.Concurrency}: {login.LoginsPerSecond:F0} logins/s in {login.Seconds:F1} s");
            Line($"  latency p50 {login.P50Ms:F1} ms  p99 {login.P99Ms:F1} ms  max {login.MaxMs:F1} ms;  server CPU {Num(login.ServerCpuUsPerLogin, "F0")} µs/login, client CPU {login.ClientCpuUsPerLogin:F0} µs/login");
            Line($"  warm-up {login.WarmupSucceeded} ok / {login.WarmupFailed} failed; client PBKDF2 derivations {login.Pbkdf2Derivations}");
            if (login.FirstError is not null)
            {
                Line($"  first error: {login.FirstError}");
            }
        }

        if (Messages is { } messages)
        {
            Line($"1:1 messages: {messages.Pairs} pairs, {messages.BodyBytes}-byte bodies");
            Line($"  {"target",8} {"sent/s",8} {"recv/s",8} {"lost",6} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"srv µs/msg",10} {"srv CPU%",8} {"cli µs/msg",10} {"lag p99",7} {"cli GC ms",9}");
            foreach (var step in messages.Steps)
            {
                Line($"  {step.TargetRate,8} {step.SentRate,8:F0} {step.AchievedRate,8:F0} {step.Lost,6} {step.P50Ms,8:F2} {step.P90Ms,8:F2} {step.P99Ms,8:F2} {step.MaxMs,8:F1} {Num(step.ServerCpuUsPerMessage, "F1"),10} {Num(step.ServerCpuPercent, "F0"),8} {step.ClientCpuUsPerMessage,10:F1} {step.ClientPacerLagP99Ms,7:F1} {step.ClientGcPauseMs,9:F0} {(step.Passed ? "" : "FAIL: " + step.Note)}");
            }

            Line($"  best delivered rate within limits: {Num(messages.BestRateWithinLimits, "F0")} msg/s ({messages.StopReason})");
            if (messages.Archive is { } archive)
            {
                Line($"  archive check: {archive.Archived} messages in {archive.Answered}/{archive.Accounts} receivers' archives; the phase sent {archive.Sent}{(archive.FirstError is null ? "" : "; first error: " + archive.FirstError)}");
            }
            if (messages.FirstError is not null)
            {
                Line($"  first error: {messages.FirstError}");
            }
        }

        foreach (var error in Errors)
        {
            Line($"ERROR: {error}");
        }

        return text.ToString();
    }

    /// <summary>The headline figures of several reports side by side, one column per server.</summary>
    public static string Compare(IReadOnlyList<BenchReport> reports)
    {
        var rows = new List<(string Name, Func<BenchReport, string> Value)>
        {
            ("transport", r => (r.StartTls ? "STARTTLS " : "plain ") + r.Mechanism),
            ("idle RSS baseline (MiB)", r => Num(r.Idle?.BaselineRssKb / 1024.0, "F1")),
            ("idle connections held", r => Num(r.Idle?.Connected)),
            ("KB per idle connection", r => Num(r.Idle?.KbPerConnection, "F1")),
            ("logins/s", r => Num(r.Login?.LoginsPerSecond, "F0")),
            ("login p50 / p99 (ms)", r => r.Login is null ? "n/a" : FormattableString.Invariant($"{r.Login.P50Ms:F0} / {r.Login.P99Ms:F0}")),
            ("server CPU per login (µs)", r => Num(r.Login?.ServerCpuUsPerLogin, "F0")),
            ("msg/s with p99 in limits", r => Num(r.Messages?.BestRateWithinLimits, "F0")),
            ("p99 at that rate (ms)", r => Num(BestStep(r)?.P99Ms, "F1")),
            ("server CPU per msg there (µs)", r => Num(BestStep(r)?.ServerCpuUsPerMessage, "F1")),
            ("lowest server CPU per msg (µs)", r => Num(r.Messages?.Steps.Where(s => s.ServerCpuUsPerMessage is not null).Select(s => s.ServerCpuUsPerMessage).Min(), "F1")),
        };
        // CPU per message at the same rate is the fair ratio (see README): one row per rate any report ran.
        foreach (var rate in reports.SelectMany(r => r.Messages?.Steps ?? []).Select(s => s.TargetRate).Distinct().Order())
        {
            rows.Add((FormattableString.Invariant($"srv µs/msg, p99 ms @ {rate}/s"), r =>
                r.Messages?.Steps.FirstOrDefault(s => s.TargetRate == rate) is { } step
                    ? FormattableString.Invariant($"{Num(step.ServerCpuUsPerMessage, "F1")}, {step.P99Ms:F1}{(step.Passed ? "" : "!")}")
                    : "-"));
        }

        var width = reports.Select(r => rows.Select(row => row.Value(r).Length).Append(r.Label.Length).Max()).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"",-32}");
        for (var i = 0; i < reports.Count; i++)
        {
            text.Append(' ').Append(reports[i].Label.PadLeft(width[i]));
        }

        text.AppendLine();
        foreach (var (name, value) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name,-32}");
            for (var i = 0; i < reports.Count; i++)
            {
                text.Append(' ').Append(value(reports[i]).PadLeft(width[i]));
            }

            text.AppendLine();
        }

        text.AppendLine("(! = the step failed a limit)");
        return text.ToString();

        static StepResult? BestStep(BenchReport r) => r.Messages?.Steps.Where(s => s.Passed).MaxBy(s => s.AchievedRate);
    }

    private static string Kb(long? kb) => kb is null ? "n/a (no --server-pid)" : string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0,8:F1} MiB");

    private static string Num(double? value, string format) => value is null ? "n/a" : value.Value.ToString(format, CultureInfo.InvariantCulture);

    private static string Num(long? value) => value is null ? "n/a" : value.Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record IdleResult(
    int Requested,
    int Connected,
    int Failed,
    string? FirstError,
    double ConnectSeconds,
    long? BaselineRssKb,
    long? LoadedRssKb,
    long? AfterCloseRssKb,
    double? KbPerConnection,
    long? BaselineThreads,
    long? LoadedThreads,
    int DroppedWhileIdle,
    long? ClientRssKb);

internal sealed record LoginResult(
    int Accounts,
    int Concurrency,
    int WarmupSucceeded,
    int WarmupFailed,
    int Count,
    int Succeeded,
    int Failed,
    string? FirstError,
    double Seconds,
    double LoginsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    double? ServerCpuUsPerLogin,
    double ClientCpuUsPerLogin,
    long Pbkdf2Derivations);

internal sealed record StepResult(
    int TargetRate,
    double Seconds,
    long Sent,
    long SkippedByClient,
    long Received,
    long Lost,
    double SentRate,
    double AchievedRate,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double? ServerCpuUsPerMessage,
    double? ServerCpuPercent,
    double ClientCpuUsPerMessage,
    double ClientPacerLagP99Ms,
    int ClientGcCount,
    double ClientGcPauseMs,
    bool Passed,
    string? Note);

internal sealed record MessagesResult(
    int Pairs,
    int BodyBytes,
    IReadOnlyList<StepResult> Steps,
    double? BestRateWithinLimits,
    string StopReason,
    string? FirstError,
    ArchiveCheckResult? Archive = null);

/// <summary>
/// What the receivers' archives held after the message phase (<c>--archive-check</c>): every message
/// the phase sent (routing check, warm-up and steps) should be there once the server archives.
/// </summary>
internal sealed record ArchiveCheckResult(
    long Sent,
    long Archived,
    int Answered,
    int Accounts,
    string? FirstError);
