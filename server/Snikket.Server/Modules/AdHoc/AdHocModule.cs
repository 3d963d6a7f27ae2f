using System.Collections.Concurrent;
using System.Security.Cryptography;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.AdHoc;

/// <summary>
/// XEP-0050 Ad-Hoc Commands on the server: lists, by disco#items on the commands node, the
/// commands the requester's role allows (§2.2), and runs them (§3), keeping multi-stage sessions
/// (§3.3) for ten minutes, at most <see cref="MaxSessions"/> at a time. The commands themselves
/// are <see cref="IAdHocCommand"/>s of the features (invites: XEP-0401).
/// </summary>
[Xep(50, "1.3.0")]
internal sealed class AdHocModule(AdHocCommands commands, AccountStore accounts, ServerInfo server, TimeProvider time) : IModule
{
    public const string Ns = "http://jabber.org/protocol/commands";

    public const int MaxSessions = 1000;

    private static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (string Node, Jid Requester, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddHostItemsNode(Ns, ListAsync);
        module.OnIq(IqType.Set, To.Host, Ns, "command", ExecuteAsync);
    }

    /// <summary>§2.2: the commands this requester may run.</summary>
    private async ValueTask<IReadOnlyList<DiscoItem>> ListAsync(Jid requester, CancellationToken ct)
    {
        var role = requester.Domain == server.Domain && requester.Local is { } local ? await accounts.GetRoleAsync(local, ct) : null;
        return role is null
            ? []
            : [.. commands.All.Where(c => c.IsAllowed(role.Value)).OrderBy(c => c.Node, StringComparer.Ordinal).Select(c => new DiscoItem(server.Domain, c.Node, c.Name))];
    }

    private async ValueTask ExecuteAsync(IqRequest iq, CancellationToken ct)
    {
        var payload = iq.Payload;
        var command = commands.Find(payload.GetAttribute("node"));
        if (command is null)
        {
            await iq.ErrorAsync(StanzaError.ItemNotFound("No such command."), ct);
            return;
        }

        var role = iq.From.Local is { } local ? await accounts.GetRoleAsync(local, ct) : null;
        if (role is null || !command.IsAllowed(role.Value))
        {
            await iq.ErrorAsync(StanzaError.Forbidden("Your account may not run this command."), ct);
            return;
        }

        var sessionId = payload.GetAttribute("sessionid");
        if (sessionId is not null && !OwnsSession(sessionId, command.Node, iq.From))
        {
            await iq.ReplyAsync(BadSession(iq), ct);
            return;
        }

        if (payload.GetAttribute("action") == "cancel")
        {
            // §3.5: canceling ends the session; nothing was done.
            if (sessionId is not null)
            {
                _sessions.TryRemove(sessionId, out _);
            }

            await iq.ReplyAsync(Reply(iq, command.Node, sessionId, "canceled"), ct);
            return;
        }

        var form = payload.Elements("x", DataForm.Ns).FirstOrDefault(x => x.GetAttribute("type") == "submit");
        var result = await command.ExecuteAsync(new AdHocRequest(iq.From, role.Value, form), ct);
        if (result.Error is { } error)
        {
            ForgetSession(sessionId);
            await iq.ErrorAsync(error, ct);
            return;
        }

        if (result.Status == AdHocStatus.Executing)
        {
            sessionId ??= NewSession(command.Node, iq.From);
            if (sessionId is null)
            {
                await iq.ErrorAsync(StanzaError.ResourceConstraint("Too many commands are running; try again in a few minutes."), ct);
                return;
            }

            var executing = Reply(iq, command.Node, sessionId, "executing");
            var commandElement = executing.Child("command", Ns)!;
            commandElement.AddElement("actions", Ns).SetAttribute("execute", "complete").AddElement("complete", Ns);
            if (result.Form is not null)
            {
                commandElement.Add(result.Form);
            }

            await iq.ReplyAsync(executing, ct);
            return;
        }

        ForgetSession(sessionId);
        var completed = Reply(iq, command.Node, sessionId ?? NewId(), result.Status == AdHocStatus.Canceled ? "canceled" : "completed");
        var element = completed.Child("command", Ns)!;
        if (result.Note is not null)
        {
            element.AddElement("note", Ns).SetAttribute("type", "info").AddText(result.Note);
        }

        if (result.Form is not null)
        {
            element.Add(result.Form);
        }

        await iq.ReplyAsync(completed, ct);
    }

    private static Element Reply(IqRequest iq, string node, string? sessionId, string status)
    {
        var reply = iq.Result();
        reply.AddElement("command", Ns).SetAttribute("node", node).SetAttribute("sessionid", sessionId).SetAttribute("status", status);
        return reply;
    }

    /// <summary>§4.4: an unknown or foreign session is bad-request with the &lt;bad-sessionid/&gt; condition.</summary>
    private static Element BadSession(IqRequest iq)
    {
        var reply = Stanza.ErrorReply(iq.Stanza, StanzaError.BadRequest("Unknown or expired session.")).SetAttribute("from", iq.To.ToString());
        reply.Child("error", iq.Stanza.Namespace)!.AddElement("bad-sessionid", Ns);
        return reply;
    }

    private bool OwnsSession(string id, string node, Jid requester) =>
        _sessions.TryGetValue(id, out var session) && session.Node == node && session.Requester == requester && session.Expires > time.GetUtcNow();

    private string? NewSession(string node, Jid requester)
    {
        var now = time.GetUtcNow();
        if (_sessions.Count >= MaxSessions)
        {
            foreach (var expired in _sessions.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToList())
            {
                _sessions.TryRemove(expired, out _);
            }

            if (_sessions.Count >= MaxSessions)
            {
                return null;
            }
        }

        var id = NewId();
        _sessions[id] = (node, requester, now + SessionLifetime);
        return id;
    }

    private void ForgetSession(string? id)
    {
        if (id is not null)
        {
            _sessions.TryRemove(id, out _);
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
