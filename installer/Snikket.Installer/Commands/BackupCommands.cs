using System.CommandLine;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Snikket.Installer.Backups;
using Snikket.Installer.Docker;
using Snikket.Installer.Stack;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>snikket backup</c> and <c>snikket restore</c>. A backup is a transactionally consistent
/// <c>pg_dump</c> of the database (exec in the db container) plus the data volume (the server
/// container's <c>/snikket</c> archive) in one file with a manifest. A restore stops the services,
/// puts both back, starts them and checks the accounts are the ones the backup listed.
/// </summary>
internal static class BackupCommands
{
    /// <summary>The data volume's mount point in the server container (compose/docker-compose.yml).</summary>
    public const string DataPath = "/snikket";

    /// <summary>Database role and name (compose/docker-compose.yml, POSTGRES_USER/POSTGRES_DB).</summary>
    public const string Database = "snikket";

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "The backup file (default: snikket-backup-DATE.tar in the current directory)." };

    private static readonly Argument<string> File = new("file") { Description = "A file written by `snikket backup`." };

    private static readonly Option<int> Wait = new("--wait") { Description = "Seconds to wait for the services after the restore.", DefaultValueFactory = _ => 300 };

    public static Command BuildBackup()
    {
        var command = new Command("backup", "Save the database and the data volume into one file.") { Output };
        command.SetAction((parse, ct) => StackCommands.Guard(async () =>
        {
            using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
            var path = parse.GetValue(Output) ?? $"snikket-backup-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.tar";
            return await BackupAsync(StackCommands.Stack(parse, docker), parse.GetValue(InstallerCommandLine.Project)!, path, Console.Out, ct);
        }));
        return command;
    }

    public static Command BuildRestore()
    {
        var command = new Command("restore", "Replace the stack's database and data with a backup, then start and verify it.") { File, Wait };
        command.SetAction((parse, ct) => StackCommands.Guard(async () =>
        {
            using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
            return await RestoreAsync(StackCommands.Stack(parse, docker), StackCommands.Compose(parse), parse.GetValue(File)!, TimeSpan.FromSeconds(parse.GetValue(Wait)), Console.Out, ct);
        }));
        return command;
    }

    public static async Task<int> BackupAsync(SnikketStack stack, string project, string path, TextWriter progress, CancellationToken ct)
    {
        var docker = stack.Docker;
        var db = await stack.RunningAsync("db", ct);
        var server = await stack.RunningAsync("server", ct);
        var work = Directory.CreateTempSubdirectory("snikket-backup-");
        try
        {
            await progress.WriteLineAsync("Listing accounts...");
            var accounts = await ListAccountsAsync(docker, server.Id, ct);

            await progress.WriteLineAsync("Dumping the database...");
            await using (var dump = System.IO.File.Create(Path.Combine(work.FullName, BackupManifest.DatabaseFile)))
            {
                using var errors = new MemoryStream();
                var rc = await docker.ExecAsync(db.Id, ["pg_dump", "--username", Database, "--dbname", Database, "--no-owner"], dump, errors, ct);
                if (rc != 0)
                {
                    await progress.WriteLineAsync($"pg_dump failed (exit {rc}): {Encoding.UTF8.GetString(errors.ToArray()).Trim()}. See `snikket logs db`; no backup was written.");
                    return InstallerCommandLine.Problem;
                }
            }

            await progress.WriteLineAsync("Copying the data volume...");
            await using (var data = System.IO.File.Create(Path.Combine(work.FullName, BackupManifest.DataFile)))
            {
                await docker.GetArchiveAsync(server.Id, DataPath, data, ct);
            }

            var manifest = new BackupManifest(BackupManifest.CurrentFormat, DateTimeOffset.UtcNow, project, server.Image, new Dictionary<string, string>(), accounts);
            await BackupArchive.WriteAsync(path, work.FullName, manifest, ct);
            await progress.WriteLineAsync($"Wrote {path} ({new FileInfo(path).Length / 1024} KiB, {accounts.Count} accounts). Keep a copy on another machine.");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public static async Task<int> RestoreAsync(SnikketStack stack, ComposeCli compose, string path, TimeSpan wait, TextWriter progress, CancellationToken ct)
    {
        if (!System.IO.File.Exists(path))
        {
            await progress.WriteLineAsync($"{path} does not exist. Pass the file `snikket backup` wrote.");
            return InstallerCommandLine.Usage;
        }

        var docker = stack.Docker;
        var work = Directory.CreateTempSubdirectory("snikket-restore-");
        try
        {
            await progress.WriteLineAsync($"Checking {path}...");
            var manifest = await BackupArchive.ReadAsync(path, work.FullName, ct);

            if ((await stack.ContainersAsync(ct)).Count == 0)
            {
                await progress.WriteLineAsync("The stack does not exist; creating it...");
                var rc = await compose.RunAsync(["up", "-d"], ct);
                if (rc != 0)
                {
                    await progress.WriteLineAsync(StackCommands.Failed(rc, "up -d"));
                    return InstallerCommandLine.Problem;
                }

                if (!await stack.WaitHealthyAsync(wait, progress, ct))
                {
                    return InstallerCommandLine.Problem;
                }
            }

            await progress.WriteLineAsync("Stopping the services...");
            var containers = await stack.ContainersAsync(ct);
            foreach (var container in containers.Reverse().Where(c => c.Service != "db"))
            {
                await docker.StopContainerAsync(container.Id, 30, ct);
            }

            var db = await stack.RunningAsync("db", ct);
            var server = await stack.FindAsync("server", ct);

            await progress.WriteLineAsync("Restoring the data volume...");
            await using (var data = System.IO.File.OpenRead(Path.Combine(work.FullName, BackupManifest.DataFile)))
            {
                // The archive's top entry is the directory "snikket": extracting it at / puts it back in place.
                await docker.PutArchiveAsync(server.Id, "/", data, ct);
            }

            await progress.WriteLineAsync("Restoring the database...");
            await RunSqlAsync(docker, db.Id, "postgres", $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", ct);
            await RunSqlAsync(docker, db.Id, "postgres", $"CREATE DATABASE {Database}", ct);
            await using (var dump = System.IO.File.OpenRead(Path.Combine(work.FullName, BackupManifest.DatabaseFile)))
            {
                await docker.PutArchiveAsync(db.Id, "/tmp", await SingleFileTarAsync("snikket-restore.sql", dump, ct), ct);
            }

            var load = await docker.ExecCollectAsync(db.Id, ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--username", Database, "--dbname", Database, "--file", "/tmp/snikket-restore.sql"], ct);
            await docker.ExecCollectAsync(db.Id, ["rm", "-f", "/tmp/snikket-restore.sql"], ct);
            if (load.ExitCode != 0)
            {
                await progress.WriteLineAsync($"Loading the database dump failed: {load.Stderr.Trim()}. The services stay stopped; see `snikket logs db`, then run the restore again.");
                return InstallerCommandLine.Problem;
            }

            await progress.WriteLineAsync("Starting the services...");
            foreach (var container in containers.Where(c => c.Service != "db"))
            {
                await docker.StartContainerAsync(container.Id, ct);
            }

            if (!await stack.WaitHealthyAsync(wait, progress, ct))
            {
                return InstallerCommandLine.Problem;
            }

            server = await stack.RunningAsync("server", ct);
            var accounts = await ListAccountsAsync(docker, server.Id, ct);
            var missing = manifest.Accounts.Except(accounts, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                await progress.WriteLineAsync($"Restored, but {missing.Count} account(s) of the backup are missing: {string.Join(", ", missing)}. See `snikket logs server`.");
                return InstallerCommandLine.Problem;
            }

            await progress.WriteLineAsync($"Restored {path} (taken {manifest.Created:u}): {accounts.Count} accounts, all services healthy.");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlyList<string>> ListAccountsAsync(DockerClient docker, string serverId, CancellationToken ct)
    {
        var result = await docker.ExecCollectAsync(serverId, [InviteCommand.ServerEntrypoint, "user", "list"], ct);
        if (result.ExitCode != 0)
        {
            throw new StackException($"Listing the accounts in the server container failed (exit {result.ExitCode}): {result.Stderr.Trim()}. See `snikket logs server`.");
        }

        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task RunSqlAsync(DockerClient docker, string dbId, string database, string sql, CancellationToken ct)
    {
        var result = await docker.ExecCollectAsync(dbId, ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--username", Database, "--dbname", database, "--command", sql], ct);
        if (result.ExitCode != 0)
        {
            throw new StackException($"The database refused a restore step (exit {result.ExitCode}): {result.Stderr.Trim()}. The services stay stopped; see `snikket logs db`.");
        }
    }

    private static async Task<MemoryStream> SingleFileTarAsync(string name, Stream content, CancellationToken ct)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
            await writer.WriteEntryAsync(entry, ct);
        }

        tar.Position = 0;
        return tar;
    }
}
