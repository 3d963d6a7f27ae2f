using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// The client side of one SCRAM exchange (RFC 5802 §5), for tests, the benchmark tool and
/// anything else of ours that logs in. With channel-binding data it runs the <c>-PLUS</c>
/// variant with <c>p=tls-server-end-point</c>; without, it sends the "n" flag.
/// </summary>
public sealed class ScramClient
{
    private readonly ScramHash _hash;
    private readonly string _password;
    private readonly byte[]? _channelBinding;
    private readonly string _gs2Header;
    private readonly string _clientFirstBare;
    private readonly string _clientNonce;

    private Step _step = Step.ClientFirst;
    private byte[]? _expectedServerSignature;

    /// <summary>Prepares an exchange.</summary>
    /// <param name="hash">The mechanism's hash.</param>
    /// <param name="username">The username (for XMPP, the localpart), sent as given with "," and "=" escaped.</param>
    /// <param name="password">The password; prepared with <see cref="SaslPrep"/>.</param>
    /// <param name="channelBinding">tls-server-end-point data to bind to (selects <c>-PLUS</c>), or null (or empty) for none.</param>
    /// <param name="authzid">An authorization identity to request, or null.</param>
    /// <param name="clientNonce">A fixed client nonce for test vectors; null for a random one.</param>
    /// <exception cref="ArgumentException">The password is disallowed, the username is empty, or the nonce is invalid.</exception>
    public ScramClient(ScramHash hash, string username, string password, ReadOnlyMemory<byte>? channelBinding = null, string? authzid = null, string? clientNonce = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        _ = hash.OutputLength();
        _hash = hash;
        _password = SaslPrep.Prepare(password)
            ?? throw new ArgumentException("The password is disallowed by the OpaqueString profile (RFC 8265 §4.2).", nameof(password));
        // Empty data means "no channel binding": a null byte[] passed here converts silently to an
        // empty ReadOnlyMemory, and binding to nothing is never what a caller meant.
        _channelBinding = channelBinding is { IsEmpty: false } data ? data.ToArray() : null;

        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        if (!ScramSyntax.IsValidNonce(_clientNonce, ScramServer.MaxNonceLength))
        {
            throw new ArgumentException("A nonce is printable ASCII without ','.", nameof(clientNonce));
        }

        var flag = _channelBinding is null ? "n" : "p=" + ScramServer.ChannelBindingType;
        var encodedAuthzid = string.IsNullOrEmpty(authzid) ? string.Empty : "a=" + ScramSyntax.EncodeSaslName(authzid);
        _gs2Header = string.Concat(flag, ",", encodedAuthzid, ",");
        _clientFirstBare = string.Concat("n=", ScramSyntax.EncodeSaslName(username), ",r=", _clientNonce);
    }

    private enum Step
    {
        ClientFirst,
        ClientFinal,
        ServerFinal,
        Done,
    }

    /// <summary>The mechanism name to select, e.g. <c>SCRAM-SHA-256-PLUS</c>.</summary>
    public string MechanismName => _hash.MechanismName(_channelBinding is not null);

    /// <summary>The client-first-message (GS2 header + client-first-message-bare).</summary>
    public byte[] CreateClientFirst()
    {
        if (_step != Step.ClientFirst)
        {
            throw new InvalidOperationException("The client-first-message was already created.");
        }

        _step = Step.ClientFinal;
        return Encoding.UTF8.GetBytes(_gs2Header + _clientFirstBare);
    }

    /// <summary>
    /// Answers the server-first-message with the client-final-message carrying the proof.
    /// </summary>
    /// <exception cref="FormatException">
    /// The server-first-message is malformed, does not extend our nonce, or has an iteration
    /// count outside <see cref="ScramCredential.MinimumIterations"/>–<see cref="ScramCredential.MaximumIterations"/>.
    /// </exception>
    /// <exception cref="InvalidOperationException">Called out of order.</exception>
    public byte[] CreateClientFinal(ReadOnlySpan<byte> serverFirst)
    {
        if (_step != Step.ClientFinal)
        {
            throw new InvalidOperationException("CreateClientFinal must follow CreateClientFirst, once.");
        }

        _step = Step.Done;
        if (!ScramSyntax.TryDecode(serverFirst, ScramServer.MaxMessageBytes, out var serverFirstText))
        {
            throw new FormatException("The server-first-message is empty, too long or not UTF-8.");
        }

        // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        var parts = serverFirstText.Split(',');
        if (parts.Length < 3
            || !ScramSyntax.TryGetValue(parts[0], 'r', out var nonce)
            || !ScramSyntax.TryGetValue(parts[1], 's', out var saltText)
            || !ScramSyntax.TryGetValue(parts[2], 'i', out var iterationText))
        {
            throw new FormatException("The server-first-message lacks r=, s= or i=, or has a mandatory extension.");
        }

        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length
            || !ScramSyntax.IsValidNonce(nonce, 2 * ScramServer.MaxNonceLength))
        {
            throw new FormatException("The server nonce does not extend the client nonce.");
        }

        if (!StrictBase64.TryDecode(saltText, out var salt) || salt.Length == 0 || salt.Length > ScramCredential.MaximumSaltLength)
        {
            throw new FormatException("The salt is not valid base64.");
        }

        if (iterationText.Length == 0 || iterationText[0] == '0'
            || !int.TryParse(iterationText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < ScramCredential.MinimumIterations || iterations > ScramCredential.MaximumIterations)
        {
            throw new FormatException("The iteration count is malformed or out of range.");
        }

        var cbindInput = Encoding.UTF8.GetBytes(_gs2Header).Concat(_channelBinding ?? []).ToArray();
        var withoutProof = string.Concat("c=", Convert.ToBase64String(cbindInput), ",r=", nonce);
        var authMessage = Encoding.UTF8.GetBytes(string.Concat(_clientFirstBare, ",", serverFirstText, ",", withoutProof));

        var salted = ScramFunctions.SaltedPassword(_hash, _password, salt, iterations);
        var clientKey = ScramFunctions.ClientKey(_hash, salted);
        var storedKey = ScramFunctions.StoredKey(_hash, clientKey);
        var clientSignature = _hash.Hmac(storedKey, authMessage);
        var proof = ScramFunctions.Xor(clientKey, clientSignature);
        var serverKey = ScramFunctions.ServerKey(_hash, salted);
        _expectedServerSignature = _hash.Hmac(serverKey, authMessage);
        CryptographicOperations.ZeroMemory(salted);
        CryptographicOperations.ZeroMemory(clientKey);

        _step = Step.ServerFinal;
        return Encoding.UTF8.GetBytes(string.Concat(withoutProof, ",p=", Convert.ToBase64String(proof)));
    }

    /// <summary>
    /// Checks the server-final-message: true only for <c>v=</c> with the expected
    /// ServerSignature, which proves the server knew the ServerKey (RFC 5802 §5.1). False for
    /// <c>e=</c>, anything malformed, or a call out of order.
    /// </summary>
    public bool VerifyServerFinal(ReadOnlySpan<byte> serverFinal)
    {
        if (_step != Step.ServerFinal || _expectedServerSignature is null)
        {
            return false;
        }

        _step = Step.Done;
        if (!ScramSyntax.TryDecode(serverFinal, ScramServer.MaxMessageBytes, out var text))
        {
            return false;
        }

        // server-final-message = (server-error / verifier) ["," extensions]
        var first = text.Split(',')[0];
        if (!ScramSyntax.TryGetValue(first, 'v', out var verifier) || !StrictBase64.TryDecode(verifier, out var signature))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature);
    }
}
