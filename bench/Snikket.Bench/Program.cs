using System.Net;
using System.Net.Sockets;
using Snikket.Bench;

// snikket-bench: see BenchOptions.Usage and bench/README.md.
try
{
    var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
    var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
    if (rest.Contains("--help") || rest.Contains("-h") || command == "help")
    {
        Console.WriteLine(BenchOptions.Usage);
        Console.WriteLine(ProsodyAccounts.Usage);
        Console.WriteLine(InBandRegistration.Usage);
        return 0;
    }

    switch (command)
    {
        case "run":
            return await BenchRunner.RunAsync(BenchOptions.Parse(rest)).ConfigureAwait(false);
        case "compare":
            // compare A.json B.json...: headline figures side by side.
            Console.Write(BenchReport.Compare([.. rest.Select(f => BenchReport.FromJson(File.ReadAllText(f)))]));
            return 0;
        case "self-test":
            return SelfTest.Run();
        case "merge-reports":
            // merge-reports OUT.json IN.json...: one report from per-phase runs; prints it as text.
            if (rest.Length < 2)
            {
                throw new ArgumentException("merge-reports OUT.json IN.json...");
            }

            var merged = BenchReport.Merge([.. rest[1..].Where(File.Exists).Select(f => BenchReport.FromJson(File.ReadAllText(f)))]);
            await File.WriteAllTextAsync(rest[0], merged.ToJson()).ConfigureAwait(false);
            Console.Write(merged.ToText());
            return merged.Errors.Count == 0 ? 0 : 1;
        case "register":
            return await InBandRegistration.RunAsync(rest).ConfigureAwait(false);
        case "provision-prosody":
            return ProsodyAccounts.Run(rest);
        case "users-needed":
            // For scripts: how many accounts to provision for these run options.
            Console.WriteLine(BenchOptions.Parse(rest).Users);
            return 0;
        case "proc-stats":
            var pid = BenchOptions.ParseInt("PID", rest.Length > 0 ? rest[0] : "", 1, int.MaxValue);
            Console.WriteLine(FormattableString.Invariant(
                $"pid {pid}: RSS {ProcStats.ReadRssKb(pid)} KiB, threads {ProcStats.ReadThreads(pid)}, CPU {ProcStats.ReadCpuSeconds(pid)} s"));
            return 0;
        case "free-port":
            using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port);
            }

            return 0;
        default:
            await Console.Error.WriteLineAsync($"Unknown command {command}.\n{BenchOptions.Usage}").ConfigureAwait(false);
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or IOException or System.Text.Json.JsonException)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}
