using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class ScramServerTests
{
    private static readonly byte[] ChannelBinding = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Secret = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private static ScramCredential Credential(ScramHash hash) =>
        ScramCredential.Derive(hash, HandMadeScram.Password, Encoding.ASCII.GetBytes("0123456789abcdef"), ScramCredential.MinimumIterations);

    private static ScramServer Server(ScramHash hash = ScramHash.Sha256, bool plus = false, byte[]? channelBinding = null, bool offersPlus = false) =>
        new(hash, plus, channelBinding ?? ChannelBinding, offersPlus, Secret);

    private static ScramFinal Exchange(ScramServer server, ScramClient client, ScramCredential? credential, Func<byte[], byte[]>? tamper = null)
    {
        var first = server.ReceiveClientFirst(client.CreateClientFirst());
        Assert.True(first.IsSuccess, first.Reason);
        var serverFirst = server.CreateServerFirst(credential);
        var final = client.CreateClientFinal(serverFirst);
        return server.VerifyClientFinal(tamper is null ? final : tamper(final));
    }

    [Theory]
    [InlineData(ScramHash.Sha1)]
    [InlineData(ScramHash.Sha256)]
    public void Plain_exchange_with_the_right_password_succeeds_and_the_client_accepts_the_server(ScramHash hash)
    {
        var server = Server(hash);
        var client = new ScramClient(hash, "juliet", HandMadeScram.Password);

        var result = Exchange(server, client, Credential(hash));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.True(client.VerifyServerFinal(result.ServerFinal));
        Assert.True(server.IsAuthenticated);
        Assert.Equal("juliet", server.Username);
    }

    [Theory]
    [InlineData(ScramHash.Sha1)]
    [InlineData(ScramHash.Sha256)]
    public void Plus_exchange_with_matching_channel_binding_succeeds(ScramHash hash)
    {
        var server = Server(hash, plus: true, offersPlus: true);
        var client = new ScramClient(hash, "juliet", HandMadeScram.Password, channelBinding: ChannelBinding);

        var result = Exchange(server, client, Credential(hash));

        Assert.Equal(hash.MechanismName(plus: true), client.MechanismName);
        Assert.True(result.IsSuccess, result.Reason);
        Assert.True(client.VerifyServerFinal(result.ServerFinal));
    }

    [Fact]
    public void Plus_exchange_with_different_channel_binding_data_fails()
    {
        var server = Server(plus: true, offersPlus: true);
        var otherCertificateHash = ChannelBinding.Select(b => (byte)(b ^ 0xFF)).ToArray();
        var client = new ScramClient(ScramHash.Sha256, "juliet", HandMadeScram.Password, channelBinding: otherCertificateHash);

        var result = Exchange(server, client, Credential(ScramHash.Sha256));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
        Assert.False(server.IsAuthenticated);
    }

    [Fact]
    public void Y_flag_fails_when_the_server_offers_plus()
    {
        var server = Server(offersPlus: true);

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes("y,,n=juliet,r=abcdef"));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Y_flag_succeeds_when_the_server_does_not_offer_plus()
    {
        var server = Server(offersPlus: false);
        var first = server.ReceiveClientFirst(HandMadeScram.Bytes("y,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "y,,"));

        Assert.True(first.IsSuccess);
        Assert.True(result.IsSuccess, result.Reason);
    }

    [Fact]
    public void Y_flag_changed_to_n_between_messages_fails()
    {
        var server = Server(offersPlus: false);
        server.ReceiveClientFirst(HandMadeScram.Bytes("y,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "n,,"));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Authzid_added_to_the_gs2_header_in_the_final_message_fails()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "n,a=admin,"));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Tls_unique_succeeds_where_the_connection_provides_its_data()
    {
        var tlsUnique = Enumerable.Range(7, 12).Select(i => (byte)i).ToArray();
        var server = new ScramServer(ScramHash.Sha256, plus: true, ChannelBinding, serverOffersPlus: true, Secret) { TlsUnique = tlsUnique };
        server.ReceiveClientFirst(HandMadeScram.Bytes("p=tls-unique,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var wrongData = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "p=tls-unique,,", ChannelBinding));

        Assert.Equal(SaslFailure.NotAuthorized, wrongData.Failure);
        var again = new ScramServer(ScramHash.Sha256, plus: true, ChannelBinding, serverOffersPlus: true, Secret) { TlsUnique = tlsUnique };
        again.ReceiveClientFirst(HandMadeScram.Bytes("p=tls-unique,,n=juliet,r=abcdef"));
        var first = again.CreateServerFirst(Credential(ScramHash.Sha256));
        Assert.True(again.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", first, "p=tls-unique,,", tlsUnique)).IsSuccess);
    }

    [Fact]
    public void Tls_unique_channel_binding_type_fails_without_tls_unique_data()
    {
        var server = Server(plus: true, offersPlus: true);

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes("p=tls-unique,,n=juliet,r=abcdef"));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Channel_binding_requested_on_a_non_plus_mechanism_fails()
    {
        var server = Server(plus: false, offersPlus: true);

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes("p=tls-server-end-point,,n=juliet,r=abcdef"));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Theory]
    [InlineData("n,,n=juliet,r=abcdef")]
    [InlineData("y,,n=juliet,r=abcdef")]
    public void Plus_mechanism_without_channel_binding_fails(string clientFirst)
    {
        var server = Server(plus: true, offersPlus: true);

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes(clientFirst));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Plus_mechanism_on_a_connection_without_channel_binding_data_fails()
    {
        var server = Server(plus: true, channelBinding: [], offersPlus: false);

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes("p=tls-server-end-point,,n=juliet,r=abcdef"));

        Assert.Equal(SaslFailure.InvalidMechanism, result.Failure);
    }

    [Fact]
    public void Plus_final_message_with_channel_binding_data_omitted_fails()
    {
        var server = Server(plus: true, offersPlus: true);
        server.ReceiveClientFirst(HandMadeScram.Bytes("p=tls-server-end-point,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "p=tls-server-end-point,,"));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Wrong_password_fails_with_not_authorized()
    {
        var server = Server();
        var client = new ScramClient(ScramHash.Sha256, "juliet", "pencil2");

        var result = Exchange(server, client, Credential(ScramHash.Sha256));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
        Assert.Null(result.ServerFinal);
    }

    [Fact]
    public void Tampered_proof_fails_with_not_authorized()
    {
        var server = Server();
        var client = new ScramClient(ScramHash.Sha256, "juliet", HandMadeScram.Password);

        var result = Exchange(server, client, Credential(ScramHash.Sha256), final =>
        {
            var text = Encoding.ASCII.GetString(final);
            var proof = Convert.FromBase64String(text[(text.LastIndexOf("p=", StringComparison.Ordinal) + 2)..]);
            proof[0] ^= 1;
            return Encoding.ASCII.GetBytes(text[..(text.LastIndexOf("p=", StringComparison.Ordinal) + 2)] + Convert.ToBase64String(proof));
        });

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Wrong_nonce_in_the_final_message_fails()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "n,,", nonce: "abcdefXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Client_nonce_alone_in_the_final_message_fails()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abcdef"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abcdef", serverFirst, "n,,", nonce: "abcdef"));

        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
    }

    [Fact]
    public void Unknown_user_fails_at_the_end_with_not_authorized()
    {
        var server = Server();
        var first = server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=nobody,r=abcdef"));
        var serverFirst = server.CreateServerFirst(null);

        var result = server.VerifyClientFinal(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=nobody,r=abcdef", serverFirst, "n,,"));

        Assert.True(first.IsSuccess);
        Assert.Equal(SaslFailure.NotAuthorized, result.Failure);
        Assert.False(server.IsAuthenticated);
    }

    [Fact]
    public void Unknown_user_server_first_looks_like_a_real_one()
    {
        var real = Server();
        real.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abcdef"));
        var realFirst = Encoding.ASCII.GetString(real.CreateServerFirst(ScramCredential.Create(ScramHash.Sha256, "secret")));
        var fake = Server();
        fake.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=nobody,r=abcdef"));

        var fakeFirst = Encoding.ASCII.GetString(fake.CreateServerFirst(null));

        var realParts = realFirst.Split(',');
        var fakeParts = fakeFirst.Split(',');
        Assert.Equal(3, fakeParts.Length);
        Assert.Equal(realParts[0].Length, fakeParts[0].Length);
        Assert.Equal(realParts[1].Length, fakeParts[1].Length);
        Assert.Equal(realParts[2], fakeParts[2]);
        Assert.StartsWith("r=abcdef", fakeParts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_user_gets_the_same_salt_every_time()
    {
        var salts = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var server = Server();
            server.ReceiveClientFirst(HandMadeScram.Bytes($"n,,n=nobody,r=nonce{i}"));
            salts.Add(Encoding.ASCII.GetString(server.CreateServerFirst(null)).Split(',')[1]);
        }

        Assert.Equal(salts[0], salts[1]);
    }

    [Fact]
    public void Unknown_user_gets_the_same_salt_every_time_with_the_process_secret()
    {
        var salts = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var server = new ScramServer(ScramHash.Sha1, plus: false, ReadOnlyMemory<byte>.Empty, serverOffersPlus: false);
            server.ReceiveClientFirst(HandMadeScram.Bytes($"n,,n=nobody,r=nonce{i}"));
            salts.Add(Encoding.ASCII.GetString(server.CreateServerFirst(null)).Split(',')[1]);
        }

        Assert.Equal(salts[0], salts[1]);
    }

    [Fact]
    public void Unknown_user_spelled_in_another_case_gets_the_same_salt()
    {
        var lower = Server();
        lower.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=nobody,r=abc"));
        var upper = Server();
        upper.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=NoBody,r=abc"));

        var lowerSalt = Encoding.ASCII.GetString(lower.CreateServerFirst(null)).Split(',')[1];
        var upperSalt = Encoding.ASCII.GetString(upper.CreateServerFirst(null)).Split(',')[1];

        Assert.Equal(lowerSalt, upperSalt);
    }

    [Fact]
    public void Different_unknown_users_get_different_salts()
    {
        var a = Server();
        a.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=nobody,r=abc"));
        var b = Server();
        b.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=someone,r=abc"));

        var saltA = Encoding.ASCII.GetString(a.CreateServerFirst(null)).Split(',')[1];
        var saltB = Encoding.ASCII.GetString(b.CreateServerFirst(null)).Split(',')[1];

        Assert.NotEqual(saltA, saltB);
    }

    [Fact]
    public void Server_nonce_extends_the_client_nonce_with_fresh_random_characters()
    {
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var server = Server();
            server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abcdef"));
            nonces.Add(Encoding.ASCII.GetString(server.CreateServerFirst(Credential(ScramHash.Sha256))).Split(',')[0][2..]);
        }

        Assert.All(nonces, nonce => Assert.StartsWith("abcdef", nonce, StringComparison.Ordinal));
        Assert.All(nonces, nonce => Assert.True(Convert.FromBase64String(nonce["abcdef".Length..]).Length >= 18));
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Theory]
    [InlineData("n,,n=a=2Cb=3Dc,r=abc", "a,b=c")]
    [InlineData("n,,n=a=2cb=3dc,r=abc", "a,b=c")]
    [InlineData("n,,n=jüliet,r=abc", "jüliet")]
    [InlineData("n,,n=Juliet,r=abc", "Juliet")]
    public void Username_escapes_are_decoded_and_nothing_else_is_changed(string clientFirst, string username)
    {
        var result = Server().ReceiveClientFirst(HandMadeScram.Bytes(clientFirst));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal(username, result.Username);
    }

    [Fact]
    public void Authzid_with_an_invalid_escape_fails()
    {
        var server = Server();

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes("n,a=romeo=40example.com=2Cx,n=juliet,r=abc"));

        Assert.False(result.IsSuccess);
        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Authzid_from_the_client_is_returned()
    {
        var server = Server();
        var client = new ScramClient(ScramHash.Sha256, "juliet", HandMadeScram.Password, authzid: "juliet@example.com");

        var first = server.ReceiveClientFirst(client.CreateClientFirst());
        var result = server.VerifyClientFinal(client.CreateClientFinal(server.CreateServerFirst(Credential(ScramHash.Sha256))));

        Assert.Equal("juliet@example.com", first.Authzid);
        Assert.Equal("juliet@example.com", server.Authzid);
        Assert.True(result.IsSuccess, result.Reason);
    }

    [Fact]
    public void Username_with_comma_and_equals_round_trips_through_the_client()
    {
        var server = Server();
        var client = new ScramClient(ScramHash.Sha256, "a,b=c", HandMadeScram.Password);

        var first = server.ReceiveClientFirst(client.CreateClientFirst());

        Assert.Equal("a,b=c", first.Username);
    }

    [Fact]
    public void Optional_extensions_after_the_nonce_are_ignored()
    {
        var result = Server().ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc,x=something,y=else"));

        Assert.True(result.IsSuccess, result.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("n")]
    [InlineData("n,,")]
    [InlineData("n,,n=juliet")]
    [InlineData("n,,r=abc")]
    [InlineData("n,,r=abc,n=juliet")]
    [InlineData("n,,n=juliet,r=")]
    [InlineData("n,,n=,r=abc")]
    [InlineData("n,,n=jul=iet,r=abc")]
    [InlineData("n,,n=jul=2Xiet,r=abc")]
    [InlineData("n,,n=juliet=,r=abc")]
    [InlineData("n,,n=juliet=2,r=abc")]
    [InlineData("n,,N=juliet,r=abc")]
    [InlineData("n,,m=ext,n=juliet,r=abc")]
    [InlineData("n,,n=juliet,r=abc,")]
    [InlineData("n,,n=juliet,r=abc,1=x")]
    [InlineData("n,,n=juliet,r=abc,garbage")]
    [InlineData("n,,n=juliet,r=ab c")]
    [InlineData("n,,n=juliet,r=ab\u00E9")]
    [InlineData("x,,n=juliet,r=abc")]
    [InlineData("F,n,,n=juliet,r=abc")]
    [InlineData("p,,n=juliet,r=abc")]
    [InlineData("p=,,n=juliet,r=abc")]
    [InlineData("n,juliet,n=juliet,r=abc")]
    [InlineData("n,a=,n=juliet,r=abc")]
    [InlineData("n,a=x=3,n=juliet,r=abc")]
    [InlineData(" n,,n=juliet,r=abc")]
    public void Malformed_client_first_messages_fail_with_malformed_request(string clientFirst)
    {
        var server = Server();

        var result = server.ReceiveClientFirst(HandMadeScram.Bytes(clientFirst));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
        Assert.NotNull(result.Reason);
        Assert.Null(result.Username);
    }

    [Fact]
    public void Client_first_with_invalid_utf8_fails()
    {
        var message = HandMadeScram.Bytes("n,,n=jul_iet,r=abc");
        message[9] = 0xC3; // a lead byte followed by ASCII: invalid.

        var result = Server().ReceiveClientFirst(message);

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_first_with_overlong_utf8_fails()
    {
        // 0xC0 0xAC is an overlong encoding of ",": must not split the message.
        var message = HandMadeScram.Bytes("n,,n=ju__,r=abc");
        message[7] = 0xC0;
        message[8] = 0xAC;

        var result = Server().ReceiveClientFirst(message);

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_first_with_a_nul_byte_fails()
    {
        var result = Server().ReceiveClientFirst(HandMadeScram.Bytes("n,,n=jul\0iet,r=abc"));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_first_larger_than_4_kb_fails()
    {
        var message = HandMadeScram.Bytes("n,,n=" + new string('a', ScramServer.MaxMessageBytes) + ",r=abc");

        var result = Server().ReceiveClientFirst(message);

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_nonce_longer_than_256_characters_fails()
    {
        var ok = Server().ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=" + new string('x', 256)));
        var tooLong = Server().ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=" + new string('x', 257)));

        Assert.True(ok.IsSuccess);
        Assert.Equal(SaslFailure.MalformedRequest, tooLong.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c=biws")]
    [InlineData("c=biws,r={nonce}")]
    [InlineData("r={nonce},c=biws,p={proof}")]
    [InlineData("c=biws,p={proof},r={nonce}")]
    [InlineData("c=biws,r={nonce},p=")]
    [InlineData("c=biws,r={nonce},p=!!!!")]
    [InlineData("c=biws,r={nonce},p=AAAA")]
    [InlineData("c=biws,r={nonce},p={proof} ")]
    [InlineData("c=biws,r={nonce},p= {proof}")]
    [InlineData("c=biws,r={nonce},p={proof}=")]
    [InlineData("c=biws,r={nonce},garbage,p={proof}")]
    [InlineData("c=biws,r={nonce},p={proof},x=y")]
    [InlineData("C=biws,r={nonce},p={proof}")]
    public void Malformed_client_final_messages_fail_with_malformed_request(string template)
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));
        var nonce = Encoding.ASCII.GetString(serverFirst).Split(',')[0][2..];
        var proof = Convert.ToBase64String(new byte[32]);

        var result = server.VerifyClientFinal(HandMadeScram.Bytes(template.Replace("{nonce}", nonce, StringComparison.Ordinal).Replace("{proof}", proof, StringComparison.Ordinal)));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
        Assert.Null(result.ServerFinal);
    }

    [Fact]
    public void Proof_in_non_canonical_base64_fails()
    {
        var server = Server(ScramHash.Sha1);
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha1));
        var final = Encoding.ASCII.GetString(HandMadeScram.ClientFinal(ScramHash.Sha1, "n=juliet,r=abc", serverFirst, "n,,"));

        // 20 bytes encode to 27 characters + "="; the last character carries 2 padding bits.
        var last = final[^2];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var noncanonical = final[..^2] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) | 1] + "=";
        var result = server.VerifyClientFinal(HandMadeScram.Bytes(noncanonical));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Channel_binding_attribute_in_non_canonical_form_fails()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));
        var serverFirst = server.CreateServerFirst(Credential(ScramHash.Sha256));
        var final = Encoding.ASCII.GetString(HandMadeScram.ClientFinal(ScramHash.Sha256, "n=juliet,r=abc", serverFirst, "n,,"));

        // "biws" is base64("n,,"); "biwt" decodes to the same bytes only in lax decoders.
        var result = server.VerifyClientFinal(HandMadeScram.Bytes(final.Replace("c=biws", "c=biwt", StringComparison.Ordinal)));

        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Client_final_with_invalid_utf8_fails()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));
        server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal([0x63, 0x3D, 0xFF, 0xFE]);

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_final_larger_than_4_kb_fails()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));
        server.CreateServerFirst(Credential(ScramHash.Sha256));

        var result = server.VerifyClientFinal(new byte[1024 * 1024]);

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_final_before_client_first_fails_cleanly()
    {
        var server = Server();

        var result = server.VerifyClientFinal(HandMadeScram.Bytes("c=biws,r=abc,p=AAAA"));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Client_final_before_server_first_fails_cleanly()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));

        var result = server.VerifyClientFinal(HandMadeScram.Bytes("c=biws,r=abc,p=AAAA"));

        Assert.Equal(SaslFailure.MalformedRequest, result.Failure);
    }

    [Fact]
    public void Second_client_first_fails_and_ends_the_exchange()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));

        var again = server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));

        Assert.Equal(SaslFailure.MalformedRequest, again.Failure);
        Assert.Throws<InvalidOperationException>(() => server.CreateServerFirst(null));
    }

    [Fact]
    public void Client_final_replayed_after_success_fails()
    {
        var server = Server();
        var client = new ScramClient(ScramHash.Sha256, "juliet", HandMadeScram.Password);
        server.ReceiveClientFirst(client.CreateClientFirst());
        var final = client.CreateClientFinal(server.CreateServerFirst(Credential(ScramHash.Sha256)));

        var first = server.VerifyClientFinal(final);
        var replay = server.VerifyClientFinal(final);

        Assert.True(first.IsSuccess);
        Assert.Equal(SaslFailure.MalformedRequest, replay.Failure);
    }

    [Fact]
    public void Failed_client_first_ends_the_exchange()
    {
        var server = Server();
        server.ReceiveClientFirst(HandMadeScram.Bytes("garbage"));

        var retry = server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));

        Assert.False(retry.IsSuccess);
        Assert.Throws<InvalidOperationException>(() => server.CreateServerFirst(null));
    }

    [Fact]
    public void Server_first_before_client_first_is_a_caller_error()
    {
        Assert.Throws<InvalidOperationException>(() => Server().CreateServerFirst(null));
    }

    [Fact]
    public void Credential_for_another_hash_is_a_caller_error()
    {
        var server = Server(ScramHash.Sha256);
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));

        Assert.Throws<ArgumentException>(() => server.CreateServerFirst(Credential(ScramHash.Sha1)));
    }

    [Fact]
    public void Credential_with_too_few_iterations_is_a_caller_error()
    {
        var server = Server(ScramHash.Sha256);
        server.ReceiveClientFirst(HandMadeScram.Bytes("n,,n=juliet,r=abc"));
        var weak = Credential(ScramHash.Sha256) with { Iterations = 1000 };

        Assert.Throws<ArgumentException>(() => server.CreateServerFirst(weak));
    }

    [Fact]
    public void Mechanism_name_reflects_hash_and_plus()
    {
        Assert.Equal("SCRAM-SHA-256-PLUS", Server(plus: true).MechanismName);
        Assert.Equal("SCRAM-SHA-1", Server(ScramHash.Sha1).MechanismName);
    }

    [Fact]
    public void Random_bytes_never_throw_out_of_the_server()
    {
        var random = new Random(5802);
        for (var i = 0; i < 2000; i++)
        {
            var server = Server(plus: i % 2 == 0, offersPlus: true);
            var buffer = new byte[random.Next(0, 64)];
            random.NextBytes(buffer);
            var prefix = HandMadeScram.Bytes(i % 3 == 0 ? "n,,n=" : i % 3 == 1 ? "p=tls-server-end-point,," : "");

            var first = server.ReceiveClientFirst([.. prefix, .. buffer]);
            if (first.IsSuccess)
            {
                server.CreateServerFirst(null);
            }

            var final = server.VerifyClientFinal(buffer);
            Assert.False(final.IsSuccess);
        }
    }
}
