using Snikket.Server.Streams.Sasl;

namespace Snikket.Server.Tests.Streams;

public sealed class SaslMechanismsTests
{
    [Fact]
    public void Plain_is_offered_only_inside_tls()
    {
        Assert.DoesNotContain("PLAIN", SaslMechanisms.Offered(encrypted: false, channelBinding: false));
        Assert.Contains("PLAIN", SaslMechanisms.Offered(encrypted: true, channelBinding: true));
    }

    [Fact]
    public void Plus_mechanisms_come_first_and_only_with_channel_binding_data()
    {
        Assert.Equal(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"], SaslMechanisms.Offered(true, true));
        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"], SaslMechanisms.Offered(true, false));
    }
}
