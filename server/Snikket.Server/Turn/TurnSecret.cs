using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Snikket.Server.Hosting;

namespace Snikket.Server.Turn;

/// <summary>
/// The secret coturn (<c>static-auth-secret</c>) and the server's XEP-0215 module share to mint and
/// check TURN REST credentials. Generated once into the data directory; kept as hex text because
/// coturn takes the secret as a string from its configuration file and uses its bytes as the HMAC key.
/// </summary>
internal static class TurnSecret
{
    public const string FileName = "turn";

    private const int Length = 32;

    public static string Read(string dataDirectory) =>
        Convert.ToHexStringLower(DataSecrets.GetOrCreate(dataDirectory, FileName, Length));

    /// <summary>The TURN REST password: base64(HMAC-SHA1(secret, username)), as coturn's <c>use-auth-secret</c> checks it.</summary>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "The TURN REST scheme and coturn's use-auth-secret define the password as HMAC-SHA1; coturn checks nothing else.")]
    public static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
