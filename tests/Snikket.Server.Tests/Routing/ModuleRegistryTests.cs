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

    [Fact]
    public void Extended_info_forms_appear_in_the_servers_disco_catalog()
    {
        var registry = new ModuleRegistry();
        registry.AddExtendedInfo(Form("urn:example:info"));

        var disco = registry.Build().Disco;

        Assert.Equal("x", Assert.Single(disco.HostForms).Name);
    }

    [Theory]
    [InlineData("<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>urn:a</value></field></x>")]
    [InlineData("<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>urn:a</value></field></x>")]
    [InlineData("<x xmlns='jabber:x:data' type='result'><field var='os'><value>Mac</value></field></x>")]
    [InlineData("<query xmlns='urn:a' type='result'/>")]
    public void An_extended_info_form_without_a_hidden_form_type_in_a_result_form_stops_start_up(string xml)
    {
        var registry = new ModuleRegistry();
        registry.BeginModule("SloppyModule");

        var error = Assert.Throws<ArgumentException>(() => registry.AddExtendedInfo(Snikket.Server.Storage.StoredXml.Parse(xml)));

        Assert.Contains("SloppyModule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_extended_info_forms_with_the_same_form_type_stop_start_up()
    {
        var registry = new ModuleRegistry();
        registry.AddExtendedInfo(Form("urn:example:info"));
        registry.BeginModule("Second");

        var error = Assert.Throws<InvalidOperationException>(() => registry.AddExtendedInfo(Form("urn:example:info")));

        Assert.Contains("Second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_info_node_is_named_from_the_finished_catalog()
    {
        var registry = new ModuleRegistry();
        registry.AddHostInfoNode(disco => "node#" + string.Join(",", disco.HostFeatures));
        registry.AddFeature(To.Host, "urn:late");

        var disco = registry.Build().Disco;

        Assert.Equal(["node#urn:late"], disco.HostInfoNodes);
    }

    private static Snikket.Xmpp.Element Form(string formType) =>
        Snikket.Server.Storage.StoredXml.Parse(
            $"<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>{formType}</value></field></x>");
}
