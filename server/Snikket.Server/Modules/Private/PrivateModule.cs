using Snikket.Server.Routing;
using Snikket.Server.Storage;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Private;

/// <summary>
/// XEP-0049: Private XML Storage. An account keeps XML fragments on the server (XEP-0048
/// bookmarks, client preferences), each under its root element's name and namespace, readable
/// and writable only by the account itself.
/// </summary>
[Xep(49, "1.2")]
internal sealed class PrivateModule(PrivateStore store, PrivateOptions options) : IModule
{
    public const string Ns = "jabber:iq:private";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddFeature(To.Bare, Ns);
        module.OnIq(IqType.Get, To.Bare, Ns, "query", GetAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "query", SetAsync);
    }

    private async ValueTask GetAsync(IqRequest iq, CancellationToken ct)
    {
        if (Check(iq) is { } denied)
        {
            await iq.ErrorAsync(denied, ct);
            return;
        }

        var children = iq.Payload.Elements().ToList();
        if (children.Count != 1)
        {
            // §2.3 and §3 ("Bad Format", which XEP-0086 maps to bad-request): a get names exactly one fragment.
            await iq.ErrorAsync(StanzaError.BadRequest("Ask for exactly one fragment: one child element inside the query."), ct);
            return;
        }

        var wanted = children[0];
        if (Reserved(wanted.Namespace))
        {
            await iq.ErrorAsync(ReservedError(wanted.Namespace), ct);
            return;
        }

        var stored = await store.GetAsync(iq.To.Local!, wanted.Namespace, wanted.Name, ct);
        var reply = iq.Result();
        var query = reply.AddElement("query", Ns);
        // Nothing stored: the empty element comes back, as clients expect (no error).
        query.Add(stored is null ? new Element(wanted.Name, wanted.Namespace) : StoredXml.Parse(stored));
        await iq.ReplyAsync(reply, ct);
    }

    private async ValueTask SetAsync(IqRequest iq, CancellationToken ct)
    {
        if (Check(iq) is { } denied)
        {
            await iq.ErrorAsync(denied, ct);
            return;
        }

        var children = iq.Payload.Elements().ToList();
        if (children.Count == 0)
        {
            // §2.3: "At least one child element ... MUST be included; otherwise ... Not Acceptable".
            await iq.ErrorAsync(StanzaError.NotAcceptable("Nothing to store: put the fragment inside the query."), ct);
            return;
        }

        // §2.3: a set may carry several fragments; all are checked before any is stored.
        var fragments = new List<(string Namespace, string Element, string Content)>(children.Count);
        foreach (var child in children)
        {
            if (Reserved(child.Namespace))
            {
                await iq.ErrorAsync(ReservedError(child.Namespace), ct);
                return;
            }

            var content = StoredXml.Serialize(child);
            if (StoredXml.ByteCount(content) > options.MaxFragmentBytes)
            {
                await iq.ErrorAsync(StanzaError.NotAcceptable($"A stored fragment may be at most {options.MaxFragmentBytes / 1024} KiB."), ct);
                return;
            }

            fragments.Add((child.Namespace, child.Name, content));
        }

        if (!await store.SetAsync(iq.To.Local!, fragments, options.MaxFragmentsPerAccount, ct))
        {
            await iq.ErrorAsync(StanzaError.PolicyViolation($"An account may keep at most {options.MaxFragmentsPerAccount} private XML fragments."), ct);
            return;
        }

        await iq.ReplyAsync(iq.Result(), ct);
    }

    /// <summary>§2.3 and §4: only the account itself, through one of its own sessions, may read or write.</summary>
    private static StanzaError? Check(IqRequest iq) =>
        iq.To.Bare == iq.From.Bare ? null : StanzaError.Forbidden("Private XML belongs to its account alone.");

    /// <summary>
    /// §2.3: namespaces beginning with 'jabber:' or 'http://jabber.org/', and 'vcard-temp', are
    /// reserved; refusing them is optional there, and done here so private storage cannot be
    /// confused with the protocols those namespaces name. An element in no namespace has no key.
    /// </summary>
    private static bool Reserved(string ns) =>
        ns.Length == 0
        || ns.StartsWith("jabber:", StringComparison.Ordinal)
        || ns.StartsWith("http://jabber.org/", StringComparison.Ordinal)
        || ns == "vcard-temp";

    private static StanzaError ReservedError(string ns) =>
        StanzaError.NotAcceptable(ns.Length == 0
            ? "A stored fragment needs a namespace of its own."
            : $"The namespace '{ns}' is reserved and cannot be used for private XML.");
}
