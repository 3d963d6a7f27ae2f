using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class ScramCredentialTests
{
    [Theory]
    [InlineData(ScramHash.Sha1, 20)]
    [InlineData(ScramHash.Sha256, 32)]
    public void Create_uses_a_random_16_byte_salt_and_10000_iterations(ScramHash hash, int keyLength)
    {
        var a = ScramCredential.Create(hash, "pencil");
        var b = ScramCredential.Create(hash, "pencil");

        Assert.Equal(16, a.Salt.Length);
        Assert.Equal(10000, a.Iterations);
        Assert.Equal(keyLength, a.StoredKey.Length);
        Assert.Equal(keyLength, a.ServerKey.Length);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.StoredKey, b.StoredKey);
    }

    [Theory]
    [InlineData(ScramHash.Sha1)]
    [InlineData(ScramHash.Sha256)]
    public void Verify_accepts_the_password_and_rejects_others(ScramHash hash)
    {
        var credential = ScramCredential.Create(hash, "pencil", ScramCredential.MinimumIterations);

        Assert.True(credential.Verify("pencil"));
        Assert.False(credential.Verify("Pencil"));
        Assert.False(credential.Verify("pencil "));
        Assert.False(credential.Verify(""));
        Assert.False(credential.Verify("pen\u0000cil"));
    }

    [Fact]
    public void Verify_prepares_the_password_like_derive()
    {
        var credential = ScramCredential.Create(ScramHash.Sha256, "correct horse", ScramCredential.MinimumIterations);

        Assert.True(credential.Verify("correct\u00A0horse"));
        Assert.True(credential.Verify("correct\u3000horse"));
    }

    [Fact]
    public void Verify_treats_composed_and_decomposed_passwords_alike()
    {
        var credential = ScramCredential.Create(ScramHash.Sha256, "caf\u00E9", ScramCredential.MinimumIterations);

        Assert.True(credential.Verify("cafe\u0301"));
    }

    [Fact]
    public void Verify_returns_false_for_an_unusable_credential()
    {
        var credential = ScramCredential.Create(ScramHash.Sha256, "pencil", ScramCredential.MinimumIterations) with { StoredKey = new byte[3] };

        Assert.False(credential.Verify("pencil"));
    }

    [Fact]
    public void Derive_is_deterministic_for_the_same_inputs()
    {
        var salt = new byte[] { 1, 2, 3, 4 };

        var a = ScramCredential.Derive(ScramHash.Sha256, "pencil", salt, 4096);
        var b = ScramCredential.Derive(ScramHash.Sha256, "pencil", salt, 4096);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Derive_copies_the_salt()
    {
        var salt = new byte[] { 1, 2, 3, 4 };

        var credential = ScramCredential.Derive(ScramHash.Sha256, "pencil", salt, 4096);
        salt[0] = 99;

        Assert.Equal(1, credential.Salt[0]);
    }

    [Fact]
    public void Derive_rejects_fewer_than_4096_iterations()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScramCredential.Derive(ScramHash.Sha256, "pencil", [1, 2, 3], 4095));
    }

    [Fact]
    public void Derive_rejects_an_empty_salt()
    {
        Assert.Throws<ArgumentException>(() => ScramCredential.Derive(ScramHash.Sha256, "pencil", [], 4096));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pen\u0007cil")]
    [InlineData("\u200B")]
    public void Derive_rejects_a_password_the_profile_disallows(string password)
    {
        Assert.Throws<ArgumentException>(() => ScramCredential.Create(ScramHash.Sha256, password));
    }

    [Fact]
    public void IsWellFormed_reports_a_key_of_the_wrong_length()
    {
        var credential = ScramCredential.Create(ScramHash.Sha1, "pencil", 4096) with { Hash = ScramHash.Sha256 };

        var ok = credential.IsWellFormed(out var problem);

        Assert.False(ok);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Created_credential_authenticates_a_scram_client()
    {
        var credential = ScramCredential.Create(ScramHash.Sha256, "pencil");
        var server = new ScramServer(ScramHash.Sha256, plus: false, ReadOnlyMemory<byte>.Empty, serverOffersPlus: false);
        var client = new ScramClient(ScramHash.Sha256, "juliet", "pencil");

        server.ReceiveClientFirst(client.CreateClientFirst());
        var result = server.VerifyClientFinal(client.CreateClientFinal(server.CreateServerFirst(credential)));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.True(client.VerifyServerFinal(result.ServerFinal));
    }
}
