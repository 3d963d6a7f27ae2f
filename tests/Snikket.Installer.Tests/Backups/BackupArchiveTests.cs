using System.Formats.Tar;
using Snikket.Installer.Backups;

namespace Snikket.Installer.Tests.Backups;

public sealed class BackupArchiveTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("snikket-backup-test-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Dir(string name) => _root.CreateSubdirectory(name).FullName;

    private async Task<string> WriteBackupAsync()
    {
        var parts = Dir("parts");
        await File.WriteAllTextAsync(Path.Combine(parts, BackupManifest.DatabaseFile), "CREATE TABLE t ();\n");
        await File.WriteAllTextAsync(Path.Combine(parts, BackupManifest.DataFile), "pretend tar");
        var path = Path.Combine(_root.FullName, "backup.tar");
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, DateTimeOffset.UnixEpoch, "snikket", "snikket-server:dev", new Dictionary<string, string>(), ["alice@example.com"]);
        await BackupArchive.WriteAsync(path, parts, manifest, CancellationToken.None);
        return path;
    }

    [Fact]
    public async Task A_written_backup_reads_back_with_its_parts_and_accounts()
    {
        var path = await WriteBackupAsync();
        var into = Dir("read");

        var manifest = await BackupArchive.ReadAsync(path, into, CancellationToken.None);

        Assert.Equal(["alice@example.com"], manifest.Accounts);
        Assert.Equal("CREATE TABLE t ();\n", await File.ReadAllTextAsync(Path.Combine(into, BackupManifest.DatabaseFile)));
    }

    [Fact]
    public async Task A_part_changed_after_the_backup_is_refused_as_damaged()
    {
        var path = await WriteBackupAsync();
        var rebuilt = Path.Combine(_root.FullName, "tampered.tar");
        await using (var output = File.Create(rebuilt))
        await using (var writer = new TarWriter(output))
        await using (var input = File.OpenRead(path))
        await using (var reader = new TarReader(input))
        {
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                if (entry.Name == BackupManifest.DatabaseFile)
                {
                    entry.DataStream = new MemoryStream("DROP TABLE t;\n"u8.ToArray());
                }

                await writer.WriteEntryAsync(entry);
            }
        }

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BackupArchive.ReadAsync(rebuilt, Dir("read"), CancellationToken.None));

        Assert.Contains("database.sql does not match its checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_without_a_manifest_is_not_a_backup()
    {
        var path = Path.Combine(_root.FullName, "other.tar");
        await using (var output = File.Create(path))
        await using (var writer = new TarWriter(output))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "../../etc/evil") { DataStream = new MemoryStream([1]) });
        }

        var into = Dir("read");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BackupArchive.ReadAsync(path, into, CancellationToken.None));

        Assert.Contains("manifest.json", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(into));
    }

    [Fact]
    public async Task A_file_that_is_not_a_tar_is_refused_with_what_to_pass()
    {
        var path = Path.Combine(_root.FullName, "notes.txt");
        await File.WriteAllTextAsync(path, new string('z', 2000));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BackupArchive.ReadAsync(path, Dir("read"), CancellationToken.None));

        Assert.Contains("snikket backup", e.Message, StringComparison.Ordinal);
    }
}
