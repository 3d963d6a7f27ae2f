using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Snikket.Acme.Tests;

public sealed class JwsTests
{
    // A P-256 key made with `openssl genpkey`; its thumbprint was computed with Python's hashlib
    // from the public point that `openssl pkey -pubout` printed (RFC 7638 §3, the EC member order).
    private const string KnownKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNDhrXCRIB/Mm82Ye
        hyk25FZUglHXMMhZVMKeNAkJsXKhRANCAAT+E5A5juf0m+Y65xDn4H7uNCDdDI8k
        zg47cS0K+9rDUHPisfzU9x6Ajsb4KMa4j5IW6HP+4ty5aOHxd7dCPLCy
        -----END PRIVATE KEY-----
        """;

    private static readonly Uri Url = new("https://ca.example/acme/new-order");

    [Fact]
    public void The_JWK_thumbprint_matches_an_independently_computed_value()
    {
        using var key = AccountKey.FromPem(KnownKey, "test");

        Assert.Equal("bg5sxzpidwS2b4b8cXKeni0xQe4WMc7lq00gZePZq_Y", key.Thumbprint);
    }

    [Fact]
    public void The_JWK_has_the_required_members_in_lexicographic_order()
    {
        using var key = AccountKey.FromPem(KnownKey, "test");

        Assert.Equal(
            """{"crv":"P-256","kty":"EC","x":"_hOQOY7n9JvmOucQ5-B-7jQg3QyPJM4OO3EtCvvaw1A","y":"c-Kx_NT3HoCOxvgoxriPkhboc_7i3Llo4fF3t0I8sLI"}""",
            key.JwkJson);
    }

    [Fact]
    public void The_key_authorization_is_the_token_and_the_thumbprint()
    {
        using var key = AccountKey.FromPem(KnownKey, "test");

        Assert.Equal("tok-en_1.bg5sxzpidwS2b4b8cXKeni0xQe4WMc7lq00gZePZq_Y", key.KeyAuthorization("tok-en_1"));
    }

    [Fact]
    public void A_newAccount_request_carries_the_jwk_and_no_kid()
    {
        using var key = AccountKey.Create();

        var header = ProtectedHeader(Jws.Sign(key, Url, "n1", kid: null, "{}"));

        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(key.JwkJson, header.GetProperty("jwk").GetRawText());
        Assert.False(header.TryGetProperty("kid", out _));
        Assert.Equal("n1", header.GetProperty("nonce").GetString());
        Assert.Equal(Url.AbsoluteUri, header.GetProperty("url").GetString());
    }

    [Fact]
    public void A_request_with_an_account_carries_the_kid_and_no_jwk()
    {
        using var key = AccountKey.Create();
        var account = new Uri("https://ca.example/acme/acct/7");

        var header = ProtectedHeader(Jws.Sign(key, Url, "n1", account, "{}"));

        Assert.Equal(account.AbsoluteUri, header.GetProperty("kid").GetString());
        Assert.False(header.TryGetProperty("jwk", out _));
    }

    [Fact]
    public void The_signature_is_64_bytes_and_verifies_over_protected_dot_payload()
    {
        using var key = AccountKey.Create();

        using var body = JsonDocument.Parse(Jws.Sign(key, Url, "n1", null, """{"a":1}"""));

        var signingInput = Encoding.ASCII.GetBytes(body.RootElement.GetProperty("protected").GetString() + "." + body.RootElement.GetProperty("payload").GetString());
        var signature = Base64Url.DecodeFromChars(body.RootElement.GetProperty("signature").GetString());
        Assert.Equal(64, signature.Length);
        Assert.True(key.Verify(signingInput, signature));
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(body.RootElement.GetProperty("payload").GetString())));
    }

    [Fact]
    public void A_POST_as_GET_has_an_empty_payload()
    {
        using var key = AccountKey.Create();

        using var body = JsonDocument.Parse(Jws.Sign(key, Url, "n1", null, payloadJson: null));

        Assert.Equal("", body.RootElement.GetProperty("payload").GetString());
    }

    [Fact]
    public void A_key_file_that_is_not_a_key_says_to_move_it_aside()
    {
        var error = Assert.Throws<AcmeException>(() => AccountKey.FromPem("garbage", "/data/acme/account.key"));

        Assert.Contains("/data/acme/account.key could not be read", error.Message, StringComparison.Ordinal);
        Assert.Contains("Move the file aside", error.Message, StringComparison.Ordinal);
    }

    private static JsonElement ProtectedHeader(byte[] jws)
    {
        using var body = JsonDocument.Parse(jws);
        var header = Base64Url.DecodeFromChars(body.RootElement.GetProperty("protected").GetString());
        return JsonDocument.Parse(header).RootElement.Clone();
    }
}
