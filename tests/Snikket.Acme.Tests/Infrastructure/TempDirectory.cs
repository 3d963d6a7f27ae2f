namespace Snikket.Acme.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("snikket-acme-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
