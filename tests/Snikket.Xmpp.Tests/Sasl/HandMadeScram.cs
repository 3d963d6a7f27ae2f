using System.Globalization;
using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

/// <summary>
/// Builds SCRAM client messages by hand, so tests can send what <see cref="ScramClient"/> never
/// would (a "y" flag, a changed GS2 header, a foreign nonce) with an otherwise valid proof.
/// </summary>
internal static class HandMadeScram
{
    public const string Password = "pencil";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The client-final-message for <paramref name="serverFirst"/> with a correct proof for
    /// <paramref name="password"/>, binding <paramref name="cbindHeader"/> + <paramref name="cbindData"/>
    /// and echoing <paramref name="nonce"/> (the server's combined nonce when null).
    /// </summary>
    public static byte[] ClientFinal(
        ScramHash hash,
        string clientFirstBare,
        byte[] serverFirst,
        string cbindHeader,
        byte[]? cbindData = null,
        string? nonce = null,
        string password = Password)
    {
        var serverFirstText = Encoding.UTF8.GetString(serverFirst);
        var parts = serverFirstText.Split(',');
        nonce ??= parts[0][2..];
        var salt = Convert.FromBase64String(parts[1][2..]);
        var iterations = int.Parse(parts[2][2..], CultureInfo.InvariantCulture);

        var cbindInput = Encoding.UTF8.GetBytes(cbindHeader).Concat(cbindData ?? []).ToArray();
        var withoutProof = $"c={Convert.ToBase64String(cbindInput)},r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirstText},{withoutProof}");

        var salted = ScramFunctions.SaltedPassword(hash, password, salt, iterations);
        var clientKey = ScramFunctions.ClientKey(hash, salted);
        var storedKey = ScramFunctions.StoredKey(hash, clientKey);
        var proof = ScramFunctions.Xor(clientKey, hash.Hmac(storedKey, authMessage));
        return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}");
    }
}
