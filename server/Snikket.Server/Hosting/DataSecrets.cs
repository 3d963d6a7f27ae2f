using System.Security.Cryptography;
using Snikket.Configuration;

namespace Snikket.Server.Hosting;

/// <summary>
/// Secrets the server generates on first start and keeps in the data directory (never asked of
/// the operator, never in configuration): one file each under <c>secrets/</c>, readable by the
/// server's user only. A second start reads the same bytes back.
/// </summary>
internal static class DataSecrets
{
    /// <summary>Returns the named secret, creating it with <paramref name="length"/> random bytes if absent.</summary>
    public static byte[] GetOrCreate(string dataDirectory, string name, int length)
    {
        var directory = Path.Combine(dataDirectory, "secrets");
        var path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == length
                ? existing
                : throw new InvalidOperationException($"The secret file {path} holds {existing.Length} bytes, not {length}; delete it to have a new one generated.");
        }

        var secret = RandomNumberGenerator.GetBytes(length);
        // In full or not at all, so a crash never leaves a half-written secret behind.
        AtomicFile.Write(path, secret, ownerOnly: true);
        return secret;
    }
}
