using Snikket.Configuration;
namespace Snikket.Acme;

/// <summary>
/// The directory whose <c>.well-known/acme-challenge/&lt;token&gt;</c> files answer http-01
/// challenges (RFC 8555 §8.3). The proxy (nginx) serves it on port 80 in the appliance;
/// <see cref="Http01ChallengeServer"/> serves it where there is no proxy.
/// </summary>
public sealed class ChallengeWebroot(string root)
{
    /// <summary>The webroot itself (the directory that holds <c>.well-known</c>).</summary>
    public string Root => root;

    /// <summary>The directory the token files are written to.</summary>
    public string ChallengeDirectory => Path.Combine(root, ".well-known", "acme-challenge");

    /// <summary>Writes the key authorization for <paramref name="token"/>, readable by the web server.</summary>
    public void Publish(string token, string keyAuthorization)
    {
        AtomicFile.Write(PathOf(token), System.Text.Encoding.ASCII.GetBytes(keyAuthorization), ownerOnly: false);
    }

    /// <summary>Removes the token file once the challenge is over (valid or not).</summary>
    public void Remove(string token) => File.Delete(PathOf(token));

    /// <summary>Whether <paramref name="token"/> is a base64url token (RFC 8555 §8.3), so it is safe as a file name.</summary>
    public static bool IsValidToken(string token) =>
        token.Length is > 0 and <= 256 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private string PathOf(string token) => IsValidToken(token)
        ? Path.Combine(ChallengeDirectory, token)
        : throw new AcmeException($"The certificate authority sent a challenge token that is not base64url ({token.Length} characters); "
            + "it is not written to disk. Check SNIKKET_TWEAK_ACME_DIRECTORY points at a real ACME server.");
}
