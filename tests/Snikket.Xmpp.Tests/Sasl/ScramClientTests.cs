using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class ScramClientTests
{
    private static ScramClient Client(string nonce = "abc") => new(ScramHash.Sha256, "juliet", "pencil", clientNonce: nonce);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Client_first_escapes_comma_and_equals_in_the_username()
    {
        var client = new ScramClient(ScramHash.Sha1, "a,b=c", "pencil", clientNonce: "xyz");

        Assert.Equal("n,,n=a=2Cb=3Dc,r=xyz", Encoding.UTF8.GetString(client.CreateClientFirst()));
    }

    [Fact]
    public void Client_first_carries_the_authzid_and_channel_binding_flag()
    {
        var client = new ScramClient(ScramHash.Sha256, "juliet", "pencil", channelBinding: new byte[] { 1 }, authzid: "romeo,x", clientNonce: "xyz");

        Assert.Equal("p=tls-server-end-point,a=romeo=2Cx,n=juliet,r=xyz", Encoding.UTF8.GetString(client.CreateClientFirst()));
    }

    [Fact]
    public void A_null_byte_array_for_channel_binding_means_no_channel_binding()
    {
        byte[]? none = null;

        var client = new ScramClient(ScramHash.Sha256, "juliet", "pencil", channelBinding: none, clientNonce: "xyz");

        Assert.Equal("n,,n=juliet,r=xyz", Encoding.UTF8.GetString(client.CreateClientFirst()));
        Assert.Equal("SCRAM-SHA-256", client.MechanismName);
    }

    [Theory]
    [InlineData("r=xyzSERVER,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=abc,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=abcSERVER,s=QSXCR+Q6sek8bf92,i=4095")]
    [InlineData("r=abcSERVER,s=QSXCR+Q6sek8bf92,i=04096")]
    [InlineData("r=abcSERVER,s=QSXCR+Q6sek8bf92,i=99999999999")]
    [InlineData("r=abcSERVER,s=QSXCR+Q6sek8bf92,i=-4096")]
    [InlineData("r=abcSERVER,s=not base64,i=4096")]
    [InlineData("r=abcSERVER,s=,i=4096")]
    [InlineData("r=abcSERVER,i=4096")]
    [InlineData("m=ext,r=abcSERVER,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("e=other-error")]
    [InlineData("")]
    public void Malformed_or_unsafe_server_first_throws_format_exception(string serverFirst)
    {
        var client = Client();
        client.CreateClientFirst();

        Assert.Throws<FormatException>(() => client.CreateClientFinal(Bytes(serverFirst)));
    }

    [Theory]
    [InlineData("e=invalid-proof")]
    [InlineData("v=")]
    [InlineData("v=!!!!")]
    [InlineData("")]
    public void Server_final_error_or_garbage_is_not_verified(string serverFinal)
    {
        var client = Client();
        client.CreateClientFirst();
        client.CreateClientFinal(Bytes("r=abcSERVER,s=QSXCR+Q6sek8bf92,i=4096"));

        Assert.False(client.VerifyServerFinal(Bytes(serverFinal)));
    }

    [Fact]
    public void Server_final_before_client_final_is_not_verified()
    {
        var client = Client();

        Assert.False(client.VerifyServerFinal(Bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
    }

    [Fact]
    public void Client_steps_out_of_order_throw()
    {
        var client = Client();

        Assert.Throws<InvalidOperationException>(() => client.CreateClientFinal(Bytes("r=abcSERVER,s=QSXCR+Q6sek8bf92,i=4096")));
        client.CreateClientFirst();
        Assert.Throws<InvalidOperationException>(() => client.CreateClientFirst());
    }

    [Fact]
    public void Random_client_nonces_differ()
    {
        var a = Encoding.UTF8.GetString(new ScramClient(ScramHash.Sha256, "juliet", "pencil").CreateClientFirst());
        var b = Encoding.UTF8.GetString(new ScramClient(ScramHash.Sha256, "juliet", "pencil").CreateClientFirst());

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Disallowed_password_or_nonce_is_rejected_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new ScramClient(ScramHash.Sha256, "juliet", "pen\u0000cil"));
        Assert.Throws<ArgumentException>(() => new ScramClient(ScramHash.Sha256, "juliet", "pencil", clientNonce: "a,b"));
        Assert.Throws<ArgumentException>(() => new ScramClient(ScramHash.Sha256, "", "pencil"));
    }
}
