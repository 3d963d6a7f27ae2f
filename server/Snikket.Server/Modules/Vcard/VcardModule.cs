using Snikket.Server.Routing;
using Snikket.Server.Storage;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Vcard;

/// <summary>
/// XEP-0054: vcard-temp. Each account stores one vCard, readable by anyone who asks its bare JID
/// and writable only by the account itself. The vCard is kept whole, as XML, because clients
/// (and XEP-0153 avatars inside it) expect it back exactly; its size is bounded.
/// </summary>
[Xep(54, "1.3.0")]
internal sealed class VcardModule(VcardStore store, VcardOptions options) : IModule
{
    public const string Ns = "vcard-temp";

    public void Register(ModuleRegistry module)
    {
        // §4: the server announces support; the account's bare JID answers vCard requests too.
        module.AddFeature(To.Host, Ns);
        module.AddFeature(To.Bare, Ns);
        module.OnIq(IqType.Get, To.Bare, Ns, "vCard", GetAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "vCard", SetAsync);
    }

    private async ValueTask GetAsync(IqRequest iq, CancellationToken ct)
    {
        var own = iq.To.Bare == iq.From.Bare;
        var stored = await store.GetAsync(iq.To.Local!, ct);
        if (stored is null)
        {
            if (!own)
            {
                // §3.3 (1.3.0): the same error as for an account that does not exist (which the
                // router answers with service-unavailable, RFC 6121 §8.5.1), so nobody can tell
                // an account without a vCard from no account at all.
                await iq.ErrorAsync(StanzaError.ServiceUnavailable(), ct);
                return;
            }

            // §3.1 allows item-not-found or an empty vCard; the empty vCard is what clients
            // handle best when they fetch their own before editing it.
            var empty = iq.Result();
            empty.AddElement("vCard", Ns);
            await iq.ReplyAsync(empty, ct);
            return;
        }

        var reply = iq.Result();
        reply.Add(StoredXml.Parse(stored));
        await iq.ReplyAsync(reply, ct);
    }

    private async ValueTask SetAsync(IqRequest iq, CancellationToken ct)
    {
        if (iq.To.Bare != iq.From.Bare)
        {
            // §3.2: another user's vCard is not ours to change.
            await iq.ErrorAsync(StanzaError.Forbidden("Only the account itself can change its vCard."), ct);
            return;
        }

        if (!iq.Payload.Nodes.OfType<Element>().Any())
        {
            // Publishing an empty vCard clears it; a later get returns the empty vCard either way.
            await store.DeleteAsync(iq.To.Local!, ct);
            await iq.ReplyAsync(iq.Result(), ct);
            return;
        }

        var content = StoredXml.Serialize(iq.Payload);
        if (StoredXml.ByteCount(content) > options.MaxBytes)
        {
            await iq.ErrorAsync(StanzaError.NotAcceptable($"The vCard is larger than {options.MaxBytes / 1024} KiB; use a smaller photo."), ct);
            return;
        }

        await store.SetAsync(iq.To.Local!, content, ct);
        await iq.ReplyAsync(iq.Result(), ct);
    }
}
