using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snikket.Acme;

/// <summary>A certificate and key pair found on disk, with the facts the manager decides on.</summary>
internal sealed class InstalledCertificate : IDisposable
{
    private readonly X509Certificate2 _leaf;
    private readonly string _keyPath;

    private InstalledCertificate(X509Certificate2 leaf, string keyPath)
    {
        _leaf = leaf;
        _keyPath = keyPath;
    }

    public DateTimeOffset NotBefore => new(_leaf.NotBefore.ToUniversalTime());

    public DateTimeOffset NotAfter => new(_leaf.NotAfter.ToUniversalTime());

    public string Issuer => _leaf.Issuer;

    /// <summary>Two thirds into the lifetime: leaves a third (30 days for a 90-day certificate) for retries.</summary>
    public DateTimeOffset RenewAt => NotBefore + ((NotAfter - NotBefore) * 2 / 3);

    /// <summary>
    /// Whether the certificate signs itself: the placeholder the server makes at first start when
    /// no certificate exists yet, which the manager replaces at once.
    /// </summary>
    public bool IsSelfSigned => _leaf.SubjectName.RawData.AsSpan().SequenceEqual(_leaf.IssuerName.RawData);

    public bool Covers(IEnumerable<string> names) => names.All(n => _leaf.MatchesHostname(n, allowWildcards: true, allowCommonName: false));

    /// <summary>The private key when it is ECDSA P-256 (the kind this manager makes), for reuse; else null.</summary>
    public ECDsa? LoadEcdsaKey()
    {
        try
        {
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(_keyPath));
            if (key.KeySize == 256)
            {
                return key;
            }

            key.Dispose();
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException)
        {
            // Not reusable: a new key is made.
        }

        return null;
    }

    public void Dispose() => _leaf.Dispose();

    public static InstalledCertificate? TryLoad(string certificatePath, string keyPath) => TryLoad(certificatePath, keyPath, out _);

    /// <summary>The pair, or null with <paramref name="reason"/> when missing, unreadable or not matching.</summary>
    public static InstalledCertificate? TryLoad(string certificatePath, string keyPath, out string reason)
    {
        try
        {
            // Loading with the key checks that the two belong together.
            var pair = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            reason = "";
            return new InstalledCertificate(pair, keyPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = "the file does not exist";
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException)
        {
            reason = e.Message;
        }

        return null;
    }
}
