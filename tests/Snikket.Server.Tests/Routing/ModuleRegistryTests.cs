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
}
