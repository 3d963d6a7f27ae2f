using Snikket.Server.Routing;

namespace Snikket.Server.Tests.Routing;

public sealed class ModuleRegistryTests
{
    private static ValueTask Nothing(IqRequest iq, CancellationToken ct) => ValueTask.CompletedTask;

    private static ValueTask NoDelivery(Snikket.Xmpp.Element stanza, Snikket.Xmpp.Jid from, Snikket.Xmpp.Jid to, CancellationToken ct) => ValueTask.CompletedTask;

    [Fact]
    public void A_second_handler_for_the_same_iq_stops_start_up_naming_both_modules()
    {
        var registry = new ModuleRegistry();
        registry.BeginModule("FirstModule");
        registry.OnIq(IqType.Get, To.Host, "urn:example", "query", Nothing);
        registry.BeginModule("SecondModule");

        var error = Assert.Throws<InvalidOperationException>(() => registry.OnIq(IqType.Get, To.Host, "urn:example", "query", Nothing));

        Assert.Contains("FirstModule", error.Message, StringComparison.Ordinal);
        Assert.Contains("SecondModule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_payload_may_be_handled_for_different_types_and_destinations()
    {
        var registry = new ModuleRegistry();
        registry.OnIq(IqType.Get, To.Host, "urn:example", "query", Nothing);
        registry.OnIq(IqType.Set, To.Host, "urn:example", "query", Nothing);
        registry.OnIq(IqType.Get, To.Bare, "urn:example", "query", Nothing);

        var table = registry.Build();

        Assert.NotNull(table.Find(IqType.Get, To.Host, "urn:example", "query"));
        Assert.NotNull(table.Find(IqType.Set, To.Host, "urn:example", "query"));
        Assert.NotNull(table.Find(IqType.Get, To.Bare, "urn:example", "query"));
        Assert.Null(table.Find(IqType.Set, To.Bare, "urn:example", "query"));
        Assert.Null(table.Find(IqType.Get, To.Host, "urn:example", "other"));
    }

    [Fact]
    public void Two_message_delivery_policies_stop_start_up()
    {
        var registry = new ModuleRegistry();
        registry.OnMessage(NoDelivery);
        registry.BeginModule("Intruder");

        var error = Assert.Throws<InvalidOperationException>(() => registry.OnMessage(NoDelivery));

        Assert.Contains("Intruder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disco_features_are_sorted_and_distinct_per_destination()
    {
        var registry = new ModuleRegistry();
        registry.AddFeature(To.Host, "urn:b");
        registry.AddFeature(To.Host, "urn:a");
        registry.AddFeature(To.Host, "urn:b");
        registry.AddFeature(To.Bare, "urn:c");

        var disco = registry.Build().Disco;

        Assert.Equal(["urn:a", "urn:b"], disco.HostFeatures);
        Assert.Equal(["urn:c"], disco.AccountFeatures);
    }

    [Fact]
    public void A_second_handler_for_the_same_nonza_namespace_stops_start_up()
    {
        var registry = new ModuleRegistry();
        registry.BeginModule("FirstModule");
        registry.OnNonza("urn:example", (session, nonza, ct) => ValueTask.CompletedTask);
        registry.BeginModule("SecondModule");

        var error = Assert.Throws<InvalidOperationException>(() => registry.OnNonza("urn:example", (session, nonza, ct) => ValueTask.CompletedTask));

        Assert.Contains("FirstModule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_hooks_are_grouped_by_stage_in_registration_order()
    {
        var registry = new ModuleRegistry();
        MessageHook first = (delivery, ct) => ValueTask.CompletedTask;
        MessageHook second = (delivery, ct) => ValueTask.CompletedTask;
        MessageHook store = (delivery, ct) => ValueTask.CompletedTask;
        registry.OnMessageStage(MessageStage.Archive, first);
        registry.OnMessageStage(MessageStage.Store, store);
        registry.OnMessageStage(MessageStage.Archive, second);

        var table = registry.Build();

        Assert.Equal([first, second], table.MessageHooks[MessageStage.Archive]);
        Assert.Equal([store], table.MessageHooks[MessageStage.Store]);
        Assert.Empty(table.MessageHooks[MessageStage.Filter]);
    }

    [Fact]
    public async Task Events_reach_every_handler_of_their_type_in_order_even_when_one_fails()
    {
        var registry = new ModuleRegistry();
        var heard = new List<string>();
        registry.On<string>((evt, ct) => { heard.Add("first " + evt); return ValueTask.CompletedTask; });
        registry.On<string>((evt, ct) => throw new InvalidOperationException("broken handler"));
        registry.On<string>((evt, ct) => { heard.Add("third " + evt); return ValueTask.CompletedTask; });
        registry.On<int>((evt, ct) => { heard.Add("number"); return ValueTask.CompletedTask; });
        var table = registry.Build();
        var events = new ServerEvents(() => table, Microsoft.Extensions.Logging.Abstractions.NullLogger<ServerEvents>.Instance);

        await events.PublishAsync("bound", CancellationToken.None);

        Assert.Equal(["first bound", "third bound"], heard);
    }

    [Fact]
    public void Stream_features_are_offered_at_their_stage_only()
    {
        var registry = new ModuleRegistry();
        registry.AddStreamFeature(StreamStage.AfterAuth, () => new Snikket.Xmpp.Element("sm", "urn:xmpp:sm:3"));

        var table = registry.Build();

        Assert.Single(table.StreamFeatures[StreamStage.AfterAuth]);
        Assert.Empty(table.StreamFeatures[StreamStage.BeforeAuth]);
    }
}
