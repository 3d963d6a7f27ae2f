using System.Security.Cryptography;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class SaslNamesTests
{
    [Theory]
    [InlineData(ScramHash.Sha1, false, "SCRAM-SHA-1")]
    [InlineData(ScramHash.Sha1, true, "SCRAM-SHA-1-PLUS")]
    [InlineData(ScramHash.Sha256, false, "SCRAM-SHA-256")]
    [InlineData(ScramHash.Sha256, true, "SCRAM-SHA-256-PLUS")]
    public void Mechanism_names_round_trip(ScramHash hash, bool plus, string name)
    {
        Assert.Equal(name, hash.MechanismName(plus));
        Assert.True(ScramHashExtensions.TryParseMechanism(name, out var parsedHash, out var parsedPlus));
        Assert.Equal(hash, parsedHash);
        Assert.Equal(plus, parsedPlus);
    }

    [Theory]
    [InlineData("scram-sha-1")]
    [InlineData("SCRAM-SHA-512")]
    [InlineData("PLAIN")]
    [InlineData(null)]
    public void Other_mechanism_names_are_not_scram(string? name)
    {
        Assert.False(ScramHashExtensions.TryParseMechanism(name, out _, out _));
    }

    [Fact]
    public void Hash_parameters_match_the_algorithms()
    {
        Assert.Equal(HashAlgorithmName.SHA1, ScramHash.Sha1.HashAlgorithmName());
        Assert.Equal(HashAlgorithmName.SHA256, ScramHash.Sha256.HashAlgorithmName());
        Assert.Equal(20, ScramHash.Sha1.OutputLength());
        Assert.Equal(32, ScramHash.Sha256.OutputLength());
    }

    [Theory]
    [InlineData(SaslFailure.Aborted, "aborted")]
    [InlineData(SaslFailure.AccountDisabled, "account-disabled")]
    [InlineData(SaslFailure.CredentialsExpired, "credentials-expired")]
    [InlineData(SaslFailure.EncryptionRequired, "encryption-required")]
    [InlineData(SaslFailure.IncorrectEncoding, "incorrect-encoding")]
    [InlineData(SaslFailure.InvalidAuthzid, "invalid-authzid")]
    [InlineData(SaslFailure.InvalidMechanism, "invalid-mechanism")]
    [InlineData(SaslFailure.MalformedRequest, "malformed-request")]
    [InlineData(SaslFailure.MechanismTooWeak, "mechanism-too-weak")]
    [InlineData(SaslFailure.NotAuthorized, "not-authorized")]
    [InlineData(SaslFailure.TemporaryAuthFailure, "temporary-auth-failure")]
    public void Failure_element_names_follow_rfc_6120(SaslFailure failure, string name)
    {
        Assert.Equal(name, failure.ElementName());
        Assert.True(SaslFailureExtensions.TryParseElementName(name, out var parsed));
        Assert.Equal(failure, parsed);
    }

    [Fact]
    public void Every_failure_has_an_element_name()
    {
        Assert.All(Enum.GetValues<SaslFailure>(), failure => Assert.False(string.IsNullOrEmpty(failure.ElementName())));
    }
}
