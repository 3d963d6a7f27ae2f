namespace Snikket.Server.Hosting;

/// <summary>
/// Writes a file the server generates into the data directory for another container to read
/// (coturn's and nginx's configuration): in full or not at all, so a reader starting at the same
/// moment never sees half a file.
/// </summary>
internal static class DataFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/> and renames it
    /// into place. <paramref name="ownerOnly"/> makes it readable by the server's user only (the
    /// containers that read secrets run as that user).
    /// </summary>
    public static async Task WriteAsync(string path, string text, bool ownerOnly, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ownerOnly
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        await using (var file = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteAsync(text.AsMemory(), ct);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
