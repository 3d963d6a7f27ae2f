using Snikket.Server.Modules.Csi;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Tests.Modules.Csi;

/// <summary>XEP-0352: what an inactive session is spared, and what it gets at once.</summary>
public sealed class CsiFilterTests
{
    private readonly ClientSession _session = new(Jid.Parse("alice@localhost/phone"), new Outbox(1000));
    private readonly CsiFilter _filter = new();

    public CsiFilterTests() => _session.AddFilter(_filter);

    [Fact]
    public void An_active_session_gets_presence_at_once()
    {
        _session.Send(Presence("bob@localhost/desk"));

        Assert.Single(_session.Outbox.Drain());
    }

    [Fact]
    public void An_inactive_session_gets_presence_only_when_it_becomes_active()
    {
        _filter.Deactivate();

        _session.Send(Presence("bob@localhost/desk"));
        Assert.Empty(_session.Outbox.Drain());
        _filter.Activate(_session);

        Assert.Single(_session.Outbox.Drain());
    }

    [Fact]
    public void Only_the_latest_presence_per_full_jid_is_kept_in_the_order_of_the_last_change()
    {
        _filter.Deactivate();

        _session.Send(Presence("bob@localhost/desk", "away"));
        _session.Send(Presence("carol@localhost/pc", "dnd"));
        _session.Send(Presence("bob@localhost/desk", "xa"));
        _session.Send(Presence("bob@localhost/phone", "chat"));
        _filter.Activate(_session);

        Assert.Equal(
            ["carol@localhost/pc dnd", "bob@localhost/desk xa", "bob@localhost/phone chat"],
            _session.Outbox.Drain().Select(p => p.GetAttribute("from") + " " + p.Child("show", Ns.Client)!.Text));
    }

    [Fact]
    public void Unavailable_presence_replaces_the_available_one_it_follows()
    {
        _filter.Deactivate();

        _session.Send(Presence("bob@localhost/desk"));
        _session.Send(Presence("bob@localhost/desk").SetAttribute("type", "unavailable"));
        _filter.Activate(_session);

        Assert.Equal("unavailable", Assert.Single(_session.Outbox.Drain()).GetAttribute("type"));
    }

    [Fact]
    public void A_message_takes_the_held_presence_along_ahead_of_itself()
    {
        _filter.Deactivate();
        _session.Send(Presence("bob@localhost/desk"));

        _session.Send(new Element("message", Ns.Client).SetAttribute("from", "bob@localhost/desk"));

        Assert.Equal(["presence", "message"], _session.Outbox.Drain().Select(s => s.Name));
    }

    [Theory]
    [InlineData("subscribe")]
    [InlineData("subscribed")]
    [InlineData("unsubscribe")]
    [InlineData("unsubscribed")]
    [InlineData("error")]
    public void Subscription_states_and_errors_are_not_held(string type)
    {
        _filter.Deactivate();

        _session.Send(Presence("bob@localhost/desk").SetAttribute("type", type));

        Assert.Single(_session.Outbox.Drain());
    }

    [Fact]
    public void A_rooms_presence_about_the_user_is_not_held()
    {
        _filter.Deactivate();
        var self = Presence("room@muc.localhost/alice");
        self.AddElement("x", "http://jabber.org/protocol/muc#user").AddElement("status", "http://jabber.org/protocol/muc#user").SetAttribute("code", "110");

        _session.Send(self);

        Assert.Single(_session.Outbox.Drain());
    }

    [Fact]
    public void Holding_is_bounded_by_delivering_everything_held_when_full()
    {
        _filter.Deactivate();

        for (var i = 0; i < CsiFilter.MaxHeld; i++)
        {
            _session.Send(Presence($"user{i}@localhost/r"));
        }

        Assert.Empty(_session.Outbox.Drain());
        _session.Send(Presence("one-more@localhost/r"));
        Assert.Equal(CsiFilter.MaxHeld, _session.Outbox.Drain().Count);
        _filter.Activate(_session);
        Assert.Equal("one-more@localhost/r", Assert.Single(_session.Outbox.Drain()).GetAttribute("from"));
    }

    private static Element Presence(string from, string? show = null)
    {
        var presence = new Element("presence", Ns.Client).SetAttribute("from", from).SetAttribute("to", "alice@localhost/phone");
        if (show is not null)
        {
            presence.AddElement("show", Ns.Client).AddText(show);
        }

        return presence;
    }
}
