using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Snikket.Xmpp.Precis;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// The server side of one SCRAM exchange (RFC 5802 §5, RFC 7677), driven step by step so the
/// caller can look the user up asynchronously between steps:
/// <list type="number">
/// <item><see cref="ReceiveClientFirst"/> with the initial response: gives the username.</item>
/// <item><see cref="CreateServerFirst"/> with the stored credential, or null for an unknown user.</item>
/// <item><see cref="VerifyClientFinal"/> with the client's response: success carries the server-final-message.</item>
/// </list>
/// Every problem with client-supplied bytes is returned as a <see cref="SaslFailure"/>, never
/// thrown; once a step fails, the exchange is over and every later step fails too. Not thread-safe:
/// one instance belongs to one stream's negotiation.
/// </summary>
public sealed class ScramServer
{
    /// <summary>The longest client message accepted, in bytes.</summary>
    public const int MaxMessageBytes = 4096;

    /// <summary>The longest client nonce accepted, in characters.</summary>
    public const int MaxNonceLength = 256;

    /// <summary>The only channel-binding type supported (RFC 5929 §4; XEP-0440 lists it).</summary>
    public const string ChannelBindingType = "tls-server-end-point";

    /// <summary>
    /// RFC 5929 §3 <c>tls-unique</c>. Accepted, never advertised, for clients that know no other
    /// type (slixmpp 1.8 and the bots built on it); the caller supplies the data only where it has it.
    /// </summary>
    public const string TlsUniqueType = "tls-unique";

    /// <summary>
    /// Random bytes in the server's part of the nonce: RFC 5802 §5.1 asks for a nonce that is
    /// unique and hard to predict; 24 bytes (32 base64 characters) is well above the 18 required here.
    /// </summary>
    internal const int ServerNonceBytes = 24;

    /// <summary>
    /// Keys the fake salt of unknown users when the caller passes no secret. It is random per
    /// process and never changes after start (not mutable state); a configured secret is better,
    /// because with this one the fake salt of an unknown user changes on restart while a real
    /// user's does not.
    /// </summary>
    private static readonly byte[] ProcessSecret = RandomNumberGenerator.GetBytes(32);

    private readonly ScramHash _hash;
    private readonly bool _plus;
    private readonly byte[] _channelBinding;
    private byte[] _tlsUnique = [];
    private byte[] _boundData = [];
    private readonly bool _serverOffersPlus;
    private readonly byte[] _unknownUserSecret;
    private readonly string? _fixedServerNonce;

    private Step _step = Step.ClientFirst;
    private string _gs2Header = string.Empty;
    private string _clientFirstBare = string.Empty;
    private string _clientNonce = string.Empty;
    private string _nonce = string.Empty;
    private string _serverFirst = string.Empty;
    private ScramCredential? _credential;
    private bool _unknownUser;

    /// <summary>Starts an exchange.</summary>
    /// <param name="hash">The mechanism's hash.</param>
    /// <param name="plus">The client selected the <c>-PLUS</c> mechanism.</param>
    /// <param name="channelBinding">
    /// The <c>tls-server-end-point</c> data of this connection (<see cref="TlsServerEndPoint"/>);
    /// empty when the connection has none. Only used when <paramref name="plus"/> is true.
    /// </param>
    /// <param name="serverOffersPlus">
    /// Whether this stream advertised any <c>-PLUS</c> mechanism; a client saying "y" (it
    /// supports channel binding but thinks we do not) then indicates a downgrade (RFC 5802 §6).
    /// </param>
    /// <param name="unknownUserSecret">
    /// A secret that stays the same across restarts (from configuration), keying the fake salt
    /// shown for unknown users. Empty: a per-process random key is used.
    /// </param>
    public ScramServer(ScramHash hash, bool plus, ReadOnlyMemory<byte> channelBinding, bool serverOffersPlus, ReadOnlyMemory<byte> unknownUserSecret = default)
        : this(hash, plus, channelBinding, serverOffersPlus, unknownUserSecret, serverNonce: null)
    {
    }

    /// <summary>
    /// The <c>tls-unique</c> data of this connection, when the TLS library can provide it. A client
    /// asking for <c>p=tls-unique</c> is refused while this is empty.
    /// </summary>
    public ReadOnlyMemory<byte> TlsUnique
    {
        get => _tlsUnique;
        init => _tlsUnique = value.ToArray();
    }

    /// <summary>For test vectors: fixes the server's part of the nonce.</summary>
    internal ScramServer(ScramHash hash, bool plus, ReadOnlyMemory<byte> channelBinding, bool serverOffersPlus, ReadOnlyMemory<byte> unknownUserSecret, string? serverNonce)
    {
        _ = hash.OutputLength();
        _hash = hash;
        _plus = plus;
        _channelBinding = channelBinding.ToArray();
        _serverOffersPlus = serverOffersPlus;
        _unknownUserSecret = unknownUserSecret.IsEmpty ? ProcessSecret : unknownUserSecret.ToArray();
        _fixedServerNonce = serverNonce;
    }

    private enum Step
    {
        ClientFirst,
        ServerFirst,
        ClientFinal,
        Done,
    }

    /// <summary>The mechanism's hash.</summary>
    public ScramHash Hash => _hash;

    /// <summary>The mechanism name, e.g. <c>SCRAM-SHA-256-PLUS</c>.</summary>
    public string MechanismName => _hash.MechanismName(_plus);

    /// <summary>The decoded username once the client-first-message was accepted.</summary>
    public string? Username { get; private set; }

    /// <summary>The decoded authorization identity, if the client sent one.</summary>
    public string? Authzid { get; private set; }

    /// <summary>True once <see cref="VerifyClientFinal"/> has succeeded.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>
    /// Computes <c>tls-server-end-point</c> channel-binding data (RFC 5929 §4.1): the hash of
    /// the DER certificate, with the hash of its signature algorithm, SHA-256 replacing MD5 and
    /// SHA-1.
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// The signature algorithm has no single hash (e.g. Ed25519) or one .NET lacks; RFC 5929
    /// leaves those undefined, so do not offer <c>-PLUS</c> for such a certificate.
    /// </exception>
    public static byte[] TlsServerEndPoint(X509Certificate2 certificate) => TlsServerEndPointHash.Compute(certificate);

    /// <summary>
    /// Step 1: parses the client-first-message (RFC 5802 §5.1, §7): the GS2 header with the
    /// channel-binding flag and optional authzid, the username and the client nonce.
    /// </summary>
    public ScramClientFirst ReceiveClientFirst(ReadOnlySpan<byte> message)
    {
        if (_step != Step.ClientFirst)
        {
            _step = Step.Done;
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "client-first-message out of order");
        }

        _step = Step.Done;
        var result = ParseClientFirst(message);
        if (result.IsSuccess)
        {
            Username = result.Username;
            Authzid = result.Authzid;
            _step = Step.ServerFirst;
        }

        return result;
    }

    /// <summary>
    /// Step 2: builds the server-first-message <c>r=…,s=…,i=…</c>. Pass the credential stored for
    /// <see cref="Username"/> and this mechanism's hash, or null when there is no such user: the
    /// exchange then continues with a salt derived from the username and the server secret and
    /// the default iteration count, so a prober cannot tell the user is missing (RFC 5802 §5.1),
    /// and <see cref="VerifyClientFinal"/> fails with <see cref="SaslFailure.NotAuthorized"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called other than right after a successful <see cref="ReceiveClientFirst"/>.</exception>
    /// <exception cref="ArgumentException">The credential is for another hash or is not well formed.</exception>
    public byte[] CreateServerFirst(ScramCredential? credential)
    {
        if (_step != Step.ServerFirst)
        {
            throw new InvalidOperationException("CreateServerFirst must follow a successful ReceiveClientFirst.");
        }

        if (credential is null)
        {
            _unknownUser = true;
            credential = FakeCredential(Username!);
        }
        else
        {
            if (credential.Hash != _hash)
            {
                throw new ArgumentException($"The credential is for {credential.Hash}, the exchange for {_hash}.", nameof(credential));
            }

            if (!credential.IsWellFormed(out var problem))
            {
                throw new ArgumentException($"The stored credential is not usable: {problem}.", nameof(credential));
            }
        }

        _credential = credential;
        var serverNonce = _fixedServerNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(ServerNonceBytes));
        _nonce = _clientNonce + serverNonce;
        _serverFirst = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"r={_nonce},s={Convert.ToBase64String(credential.Salt)},i={credential.Iterations}");
        _step = Step.ClientFinal;
        return Encoding.UTF8.GetBytes(_serverFirst);
    }

    /// <summary>
    /// Step 3: checks the client-final-message (RFC 5802 §5.1, §7): the channel-binding attribute
    /// must be exactly base64(GS2 header + channel-binding data), the nonce must be ours, and the
    /// proof must match the stored key (compared in fixed time). On success the result carries
    /// the server-final-message <c>v=…</c>.
    /// </summary>
    public ScramFinal VerifyClientFinal(ReadOnlySpan<byte> message)
    {
        if (_step != Step.ClientFinal)
        {
            _step = Step.Done;
            return ScramFinal.Fail(SaslFailure.MalformedRequest, "client-final-message out of order");
        }

        _step = Step.Done;
        var result = CheckClientFinal(message);
        IsAuthenticated = result.IsSuccess;
        return result;
    }

    private ScramClientFirst ParseClientFirst(ReadOnlySpan<byte> message)
    {
        if (!ScramSyntax.TryDecode(message, MaxMessageBytes, out var text))
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "client-first-message empty, too long or not UTF-8");
        }

        // No value in a client-first-message may contain ",", so splitting is exact.
        var parts = text.Split(',');
        if (parts.Length < 4)
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "client-first-message incomplete");
        }

        // gs2-header = gs2-cbind-flag "," [ authzid ] ","
        var flag = parts[0];
        var cbFailure = CheckChannelBindingFlag(flag);
        if (cbFailure is not null)
        {
            return cbFailure;
        }

        string? authzid = null;
        if (parts[1].Length > 0)
        {
            if (!ScramSyntax.TryGetValue(parts[1], 'a', out var encodedAuthzid)
                || !ScramSyntax.TryDecodeSaslName(encodedAuthzid, out authzid))
            {
                return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "authzid malformed");
            }
        }

        // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
        if (ScramSyntax.TryGetValue(parts[2], 'm', out _))
        {
            // RFC 5802 §5.1: a server that does not support a mandatory extension MUST fail.
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "mandatory extension not supported");
        }

        if (!ScramSyntax.TryGetValue(parts[2], 'n', out var encodedUsername)
            || !ScramSyntax.TryDecodeSaslName(encodedUsername, out var username))
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "username missing or malformed");
        }

        if (!ScramSyntax.TryGetValue(parts[3], 'r', out var nonce) || !ScramSyntax.IsValidNonce(nonce, MaxNonceLength))
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "nonce missing or malformed");
        }

        for (var i = 4; i < parts.Length; i++)
        {
            // Optional extensions are ignored (RFC 5802 §5.1), but must at least look like attr-val.
            if (!ScramSyntax.IsAttributeValue(parts[i]))
            {
                return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "trailing data is not an extension");
            }
        }

        _gs2Header = string.Concat(parts[0], ",", parts[1], ",");
        _clientFirstBare = text[_gs2Header.Length..];
        _clientNonce = nonce.ToString();
        return ScramClientFirst.Success(username, authzid);
    }

    /// <summary>
    /// The channel-binding rules of RFC 5802 §6 and §7 (gs2-cbind-flag). Null when acceptable.
    /// </summary>
    private ScramClientFirst? CheckChannelBindingFlag(string flag)
    {
        switch (flag)
        {
            case "n":
                // The client does not support channel binding: only valid on a non-PLUS mechanism.
                return _plus
                    ? ScramClientFirst.Fail(SaslFailure.MalformedRequest, "-PLUS mechanism without channel binding")
                    : null;

            case "y":
                if (_plus)
                {
                    return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "-PLUS mechanism without channel binding");
                }

                // RFC 5802 §6: "y" means the client supports channel binding but believes the
                // server does not. If we offered -PLUS, someone removed it from the feature list.
                return _serverOffersPlus
                    ? ScramClientFirst.Fail(SaslFailure.NotAuthorized, "channel binding downgrade detected")
                    : null;
        }

        if (!flag.StartsWith("p=", StringComparison.Ordinal))
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "channel binding flag malformed");
        }

        if (!_plus)
        {
            // RFC 5802 §6: channel binding is only negotiated through the -PLUS mechanisms.
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "channel binding requested on a non-PLUS mechanism");
        }

        _boundData = flag[2..] switch
        {
            ChannelBindingType => _channelBinding,
            TlsUniqueType => _tlsUnique,
            _ => [],
        };
        if (flag[2..] is not (ChannelBindingType or TlsUniqueType))
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "channel binding type not supported");
        }

        if (_boundData.Length == 0 && flag[2..] == TlsUniqueType)
        {
            return ScramClientFirst.Fail(SaslFailure.MalformedRequest, "tls-unique is not available on this connection");
        }

        if (_boundData.Length == 0)
        {
            // The caller let a client pick -PLUS on a connection without channel-binding data.
            return ScramClientFirst.Fail(SaslFailure.InvalidMechanism, "no channel binding data on this connection");
        }

        return null;
    }

    private ScramFinal CheckClientFinal(ReadOnlySpan<byte> message)
    {
        if (!ScramSyntax.TryDecode(message, MaxMessageBytes, out var text))
        {
            return ScramFinal.Fail(SaslFailure.MalformedRequest, "client-final-message empty, too long or not UTF-8");
        }

        // client-final-message = channel-binding "," nonce ["," extensions] "," proof
        var parts = text.Split(',');
        if (parts.Length < 3)
        {
            return ScramFinal.Fail(SaslFailure.MalformedRequest, "client-final-message incomplete");
        }

        if (!ScramSyntax.TryGetValue(parts[0], 'c', out var channelBinding)
            || !ScramSyntax.TryGetValue(parts[1], 'r', out var nonce)
            || !ScramSyntax.TryGetValue(parts[^1], 'p', out var proofText))
        {
            return ScramFinal.Fail(SaslFailure.MalformedRequest, "client-final-message attributes missing or out of order");
        }

        for (var i = 2; i < parts.Length - 1; i++)
        {
            if (!ScramSyntax.IsAttributeValue(parts[i]))
            {
                return ScramFinal.Fail(SaslFailure.MalformedRequest, "client-final-message extension malformed");
            }
        }

        if (!StrictBase64.TryDecode(proofText, out var proof) || proof.Length != _hash.OutputLength())
        {
            return ScramFinal.Fail(SaslFailure.MalformedRequest, "proof malformed");
        }

        if (!channelBinding.SequenceEqual(ExpectedChannelBindingAttribute()))
        {
            // RFC 5802 §6: the server MUST fail if the channel-binding data does not match; this
            // is also how a GS2 header changed in transit between the two messages is detected.
            return ScramFinal.Fail(SaslFailure.NotAuthorized, "channel binding mismatch");
        }

        if (!nonce.SequenceEqual(_nonce))
        {
            return ScramFinal.Fail(SaslFailure.NotAuthorized, "nonce mismatch");
        }

        var credential = _credential!;
        var withoutProof = text[..text.LastIndexOf(',')];
        var authMessage = Encoding.UTF8.GetBytes(string.Concat(_clientFirstBare, ",", _serverFirst, ",", withoutProof));

        // ClientKey := ClientProof XOR ClientSignature; the client knows the password iff
        // H(ClientKey) = StoredKey (RFC 5802 §3).
        var clientSignature = _hash.Hmac(credential.StoredKey, authMessage);
        var clientKey = ScramFunctions.Xor(proof, clientSignature);
        var storedKey = ScramFunctions.StoredKey(_hash, clientKey);
        var proofMatches = CryptographicOperations.FixedTimeEquals(storedKey, credential.StoredKey);
        CryptographicOperations.ZeroMemory(clientKey);

        // An unknown user fails here, after the same work as a known one.
        if (!proofMatches || _unknownUser)
        {
            return ScramFinal.Fail(SaslFailure.NotAuthorized, "invalid proof");
        }

        var serverSignature = _hash.Hmac(credential.ServerKey, authMessage);
        return ScramFinal.Success(Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
    }

    /// <summary>c= is base64(cbind-input), cbind-input = gs2-header [cbind-data] (RFC 5802 §7).</summary>
    private string ExpectedChannelBindingAttribute()
    {
        var header = Encoding.UTF8.GetBytes(_gs2Header);
        if (!_gs2Header.StartsWith("p=", StringComparison.Ordinal))
        {
            return Convert.ToBase64String(header);
        }

        var input = new byte[header.Length + _boundData.Length];
        header.CopyTo(input, 0);
        _boundData.CopyTo(input, header.Length);
        return Convert.ToBase64String(input);
    }

    /// <summary>
    /// A credential for a user that does not exist: the salt is an HMAC of the username under the
    /// server secret, so asking twice shows the same salt, as for a real user; the keys are
    /// random, so no proof can match.
    /// </summary>
    private ScramCredential FakeCredential(string username)
    {
        // Key the salt on the name the lookup would use (the prepared localpart), so "Foo" and
        // "foo" show the same salt, exactly as they would for an existing user.
        var lookupName = PrecisProfiles.UsernameCaseMapped(username, out _) ?? username;
        var label = Encoding.UTF8.GetBytes(string.Concat("snikket-scram-unknown-user\0", _hash.MechanismName(), "\0", lookupName));
        var salt = HMACSHA256.HashData(_unknownUserSecret, label)[..ScramCredential.SaltLength];
        var length = _hash.OutputLength();
        return new ScramCredential(
            _hash,
            salt,
            ScramCredential.DefaultIterations,
            RandomNumberGenerator.GetBytes(length),
            RandomNumberGenerator.GetBytes(length));
    }
}
