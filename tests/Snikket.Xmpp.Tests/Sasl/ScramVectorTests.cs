using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class ScramVectorTests
{
    // RFC 5802 §5: SCRAM-SHA-1, user "user", password "pencil".
    private const string Sha1ClientNonce = "fyko+d2lbbFgONRv9qkxdawL";
    private const string Sha1ServerNonce = "3rfcNHYJY1ZVvWVs7j";
    private const string Sha1ClientFirst = "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL";
    private const string Sha1ServerFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    private const string Sha1ClientFinal = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
    private const string Sha1ServerFinal = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

    // RFC 7677 §3: SCRAM-SHA-256, user "user", password "pencil".
    private const string Sha256ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string Sha256ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string Sha256ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string Sha256ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string Sha256ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string Sha256ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    public static TheoryData<ScramHash, string, string, string, string, string, string> Vectors => new()
    {
        { ScramHash.Sha1, Sha1ClientNonce, Sha1ServerNonce, Sha1ClientFirst, Sha1ServerFirst, Sha1ClientFinal, Sha1ServerFinal },
        { ScramHash.Sha256, Sha256ClientNonce, Sha256ServerNonce, Sha256ClientFirst, Sha256ServerFirst, Sha256ClientFinal, Sha256ServerFinal },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Client_produces_the_rfc_messages_byte_for_byte(ScramHash hash, string clientNonce, string serverNonce, string clientFirst, string serverFirst, string clientFinal, string serverFinal)
    {
        _ = serverNonce;
        var client = new ScramClient(hash, "user", "pencil", clientNonce: clientNonce);

        var first = client.CreateClientFirst();
        var final = client.CreateClientFinal(Encoding.UTF8.GetBytes(serverFirst));
        var verified = client.VerifyServerFinal(Encoding.UTF8.GetBytes(serverFinal));

        Assert.Equal(clientFirst, Encoding.UTF8.GetString(first));
        Assert.Equal(clientFinal, Encoding.UTF8.GetString(final));
        Assert.True(verified);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Server_produces_the_rfc_messages_byte_for_byte(ScramHash hash, string clientNonce, string serverNonce, string clientFirst, string serverFirst, string clientFinal, string serverFinal)
    {
        _ = clientNonce;
        var credential = RfcCredential(hash, serverFirst);
        var server = new ScramServer(hash, plus: false, ReadOnlyMemory<byte>.Empty, serverOffersPlus: false, ReadOnlyMemory<byte>.Empty, serverNonce);

        var first = server.ReceiveClientFirst(Encoding.UTF8.GetBytes(clientFirst));
        var challenge = server.CreateServerFirst(credential);
        var final = server.VerifyClientFinal(Encoding.UTF8.GetBytes(clientFinal));

        Assert.True(first.IsSuccess);
        Assert.Equal("user", first.Username);
        Assert.Null(first.Authzid);
        Assert.Equal(serverFirst, Encoding.UTF8.GetString(challenge));
        Assert.True(final.IsSuccess, final.Reason);
        Assert.Equal(serverFinal, Encoding.UTF8.GetString(final.ServerFinal));
        Assert.True(server.IsAuthenticated);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Client_rejects_a_wrong_server_signature(ScramHash hash, string clientNonce, string serverNonce, string clientFirst, string serverFirst, string clientFinal, string serverFinal)
    {
        _ = (serverNonce, clientFirst, clientFinal);
        var client = new ScramClient(hash, "user", "pencil", clientNonce: clientNonce);
        client.CreateClientFirst();
        client.CreateClientFinal(Encoding.UTF8.GetBytes(serverFirst));
        var tampered = serverFinal[..^3] + (serverFinal[^3] == 'A' ? "B" : "A") + serverFinal[^2..];

        var verified = client.VerifyServerFinal(Encoding.UTF8.GetBytes(tampered));

        Assert.False(verified);
    }

    [Fact]
    public void Derived_credential_matches_the_rfc_5802_keys()
    {
        var salt = Convert.FromBase64String("QSXCR+Q6sek8bf92");

        var credential = ScramCredential.Derive(ScramHash.Sha1, "pencil", salt, 4096);

        // Computed from the RFC 5802 §5 exchange: ServerSignature = HMAC(ServerKey, AuthMessage)
        // gives the RFC's v= value, which the server test checks; here the key sizes and salt.
        Assert.Equal(20, credential.StoredKey.Length);
        Assert.Equal(20, credential.ServerKey.Length);
        Assert.Equal(salt, credential.Salt);
        Assert.Equal(4096, credential.Iterations);
    }

    internal static ScramCredential RfcCredential(ScramHash hash, string serverFirst)
    {
        var salt = Convert.FromBase64String(serverFirst.Split(',')[1][2..]);
        return ScramCredential.Derive(hash, "pencil", salt, 4096);
    }
}
