using System.Text;

namespace Snikket.Configuration.Tests;

/// <summary>A snikket.conf in its own temporary directory, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory;

    public TempFile(string text)
        : this(new UTF8Encoding(false).GetBytes(text))
    {
    }

    public TempFile(byte[] bytes)
    {
        _directory = Directory.CreateTempSubdirectory("snikket-conf-").FullName;
        Path = System.IO.Path.Combine(_directory, "snikket.conf");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
