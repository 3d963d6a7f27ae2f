using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;

namespace Snikket.Installer.Backups;

/// <summary>
/// The one-file backup: a tar (POSIX pax) holding <c>manifest.json</c>, <c>database.sql</c> (a
/// <c>pg_dump</c> of the database) and <c>data.tar</c> (the data volume as the Engine API archives it).
/// </summary>
internal static class BackupArchive
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the archive from the two parts in <paramref name="directory"/>, adding their hashes to the manifest.</summary>
    public static async Task WriteAsync(string path, string directory, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in new[] { BackupManifest.DatabaseFile, BackupManifest.DataFile })
        {
            hashes[part] = await HashAsync(Path.Combine(directory, part), cancellationToken);
        }

        await File.WriteAllBytesAsync(Path.Combine(directory, BackupManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest with { Sha256 = hashes }, Json), cancellationToken);
        var temporary = path + ".partial";
        await using (var output = File.Create(temporary))
        {
            await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: false);
            foreach (var part in new[] { BackupManifest.FileName, BackupManifest.DatabaseFile, BackupManifest.DataFile })
            {
                await writer.WriteEntryAsync(Path.Combine(directory, part), part, cancellationToken);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Unpacks the archive into <paramref name="directory"/> and checks every part against the manifest.</summary>
    /// <exception cref="InvalidDataException">It is not a Snikket backup, or a part is missing or damaged.</exception>
    public static async Task<BackupManifest> ReadAsync(string path, string directory, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal) { BackupManifest.FileName, BackupManifest.DatabaseFile, BackupManifest.DataFile };
        await using (var input = File.OpenRead(path))
        {
            try
            {
                await using var reader = new TarReader(input);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    // Only the three known names are extracted: no path from the archive reaches the file system.
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && wanted.Remove(entry.Name))
                    {
                        await entry.ExtractToFileAsync(Path.Combine(directory, entry.Name), overwrite: true, cancellationToken);
                    }
                }
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException)
            {
                throw new InvalidDataException($"{path} is not a tar archive ({e.Message}); pass a file written by `snikket backup`.", e);
            }
        }

        if (wanted.Count > 0)
        {
            throw new InvalidDataException($"{path} is not a complete Snikket backup: {string.Join(", ", wanted)} missing. Pass a file written by `snikket backup`.");
        }

        BackupManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllBytesAsync(Path.Combine(directory, BackupManifest.FileName), cancellationToken), Json)
                ?? throw new InvalidDataException($"{path}: the manifest is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the manifest is not readable ({e.Message}); the backup is damaged.", e);
        }

        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path} is a backup of format {manifest.Format}; this snikket reads format {BackupManifest.CurrentFormat}. Use the snikket version that wrote it.");
        }

        foreach (var part in new[] { BackupManifest.DatabaseFile, BackupManifest.DataFile })
        {
            var actual = await HashAsync(Path.Combine(directory, part), cancellationToken);
            if (manifest.Sha256 is null || !manifest.Sha256.TryGetValue(part, out var expected) || !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{path}: {part} does not match its checksum in the manifest; the backup is damaged. Restore from another copy.");
            }
        }

        return manifest;
    }

    private static async Task<string> HashAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
