using Snikket.Xmpp;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Streams.Sasl;

/// <summary>
/// Runs one SASL exchange (RFC 6120 §6.4) for the mechanism the client picked: SCRAM-SHA-1/256
/// with or without channel binding, or PLAIN inside TLS. Reads and writes through the stream's
/// own functions, so it never touches a pipe. Every failure is answered with a &lt;failure/&gt;
/// and reported to the caller, who decides how many tries to allow.
/// </summary>
internal sealed class SaslAuthenticator(
    StreamContext context,
    bool encrypted,
    byte[]? channelBinding,
    byte[]? tlsUnique,
    Func<CancellationToken, Task<Element>> readAsync,
    Func<Element, CancellationToken, Task> writeAsync)
{
    /// <summary>XEP-0440 SASL Channel-Binding Type Capability.</summary>
    public const string ChannelBindingNs = "urn:xmpp:sasl-cb:0";

    public async Task<SaslOutcome> RunAsync(Element auth, CancellationToken ct)
    {
        var mechanism = auth.GetAttribute("mechanism") ?? "";
        if (!SaslMechanisms.Offered(encrypted, channelBinding is not null).Contains(mechanism))
        {
            return await FailAsync(SaslFailure.InvalidMechanism, ct);
        }

        if (!TryDecode(auth.Text, out var initial))
        {
            return await FailAsync(SaslFailure.IncorrectEncoding, ct);
        }

        if (mechanism == SaslMechanisms.Plain)
        {
            return await PlainAsync(initial, ct);
        }

        return ScramHashExtensions.TryParseMechanism(mechanism, out var hash, out var plus)
            ? await ScramAsync(hash, plus, initial, ct)
            : await FailAsync(SaslFailure.InvalidMechanism, ct);
    }

    private async Task<SaslOutcome> PlainAsync(byte[]? message, CancellationToken ct)
    {
        if (message is null)
        {
            // RFC 4616 has no server challenge: an empty one asks for the credentials.
            await writeAsync(new Element("challenge", Ns.Sasl), ct);
            var response = await ReadResponseAsync(ct);
            if (response.Outcome is { } stop)
            {
                return stop;
            }

            message = response.Data;
        }

        if (!SaslPlain.TryParse(message, out var authzid, out var authcid, out var password))
        {
            return await FailAsync(SaslFailure.MalformedRequest, ct);
        }

        var username = PrepareUsername(authcid);
        if (username is not null && !AuthzidAllowed(authzid, username))
        {
            return await FailAsync(SaslFailure.InvalidAuthzid, ct);
        }

        var login = username is null ? null : await context.Accounts.GetLoginAsync(username, ScramHash.Sha256, ct);
        if (login is null || !login.Value.Credential.Verify(password))
        {
            return await FailAsync(SaslFailure.NotAuthorized, ct);
        }

        if (login.Value.Disabled)
        {
            // Said only to someone who knows the password: a locked or deleted account.
            return await FailAsync(SaslFailure.AccountDisabled, ct);
        }

        await writeAsync(new Element("success", Ns.Sasl), ct);
        return SaslOutcome.Success(username!);
    }

    private async Task<SaslOutcome> ScramAsync(ScramHash hash, bool plus, byte[]? clientFirst, CancellationToken ct)
    {
        var server = new ScramServer(hash, plus, channelBinding ?? ReadOnlyMemory<byte>.Empty, channelBinding is not null, context.UnknownUserSecret)
        {
            TlsUnique = tlsUnique ?? ReadOnlyMemory<byte>.Empty,
        };
        if (clientFirst is null)
        {
            await writeAsync(new Element("challenge", Ns.Sasl), ct);
            var response = await ReadResponseAsync(ct);
            if (response.Outcome is { } stop)
            {
                return stop;
            }

            clientFirst = response.Data ?? [];
        }

        var first = server.ReceiveClientFirst(clientFirst);
        if (!first.IsSuccess)
        {
            return await FailAsync(first.Failure!.Value, ct);
        }

        var username = PrepareUsername(first.Username!);
        if (username is not null && !AuthzidAllowed(first.Authzid, username))
        {
            return await FailAsync(SaslFailure.InvalidAuthzid, ct);
        }

        // An unknown or invalid name still gets a normal-looking challenge; it fails at the end.
        var login = username is null ? null : await context.Accounts.GetLoginAsync(username, hash, ct);
        var serverFirst = server.CreateServerFirst(login?.Credential);
        await writeAsync(new Element("challenge", Ns.Sasl).AddText(Convert.ToBase64String(serverFirst)), ct);

        var final = await ReadResponseAsync(ct);
        if (final.Outcome is { } aborted)
        {
            return aborted;
        }

        var verdict = server.VerifyClientFinal(final.Data ?? []);
        if (!verdict.IsSuccess)
        {
            return await FailAsync(verdict.Failure!.Value, ct);
        }

        if (login!.Value.Disabled)
        {
            // Said only after the proof verified: a locked or deleted account (RFC 6120 §6.5.2).
            return await FailAsync(SaslFailure.AccountDisabled, ct);
        }

        await writeAsync(new Element("success", Ns.Sasl).AddText(Convert.ToBase64String(verdict.ServerFinal!)), ct);
        return SaslOutcome.Success(username!);
    }

    /// <summary>Reads a &lt;response/&gt;; an &lt;abort/&gt; or anything else ends the exchange.</summary>
    private async Task<(byte[]? Data, SaslOutcome? Outcome)> ReadResponseAsync(CancellationToken ct)
    {
        var element = await readAsync(ct);
        if (element.Namespace == Ns.Sasl && element.Name == "abort")
        {
            return (null, await FailAsync(SaslFailure.Aborted, ct));
        }

        if (element.Namespace != Ns.Sasl || element.Name != "response")
        {
            throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Expected a SASL response.");
        }

        return TryDecode(element.Text, out var data)
            ? (data ?? [], null)
            : (null, await FailAsync(SaslFailure.IncorrectEncoding, ct));
    }

    /// <summary>
    /// RFC 6120 §6.4.2: an empty element means "no data", a single '=' means "empty data".
    /// Whitespace inside the base64 is tolerated (some clients wrap lines); anything else is not.
    /// </summary>
    private static bool TryDecode(string text, out byte[]? data)
    {
        data = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (trimmed == "=")
        {
            data = [];
            return true;
        }

        var buffer = new byte[trimmed.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(trimmed, buffer, out var written))
        {
            return false;
        }

        data = buffer[..written];
        return true;
    }

    private string? PrepareUsername(string username)
    {
        try
        {
            var jid = Jid.Create(username, context.Server.Domain, null);
            return jid.Local;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>We log in as ourselves only: an authzid, if given, must be the account's own bare JID.</summary>
    private bool AuthzidAllowed(string? authzid, string username) =>
        string.IsNullOrEmpty(authzid)
        || (Jid.TryParse(authzid, out var jid) && jid.Resource is null && jid.Local == username && jid.Domain == context.Server.Domain);

    private async Task<SaslOutcome> FailAsync(SaslFailure failure, CancellationToken ct)
    {
        var element = new Element("failure", Ns.Sasl);
        element.AddElement(failure.ElementName(), Ns.Sasl);
        await writeAsync(element, ct);
        return SaslOutcome.Failed(failure.ElementName());
    }
}
