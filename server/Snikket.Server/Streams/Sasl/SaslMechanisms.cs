namespace Snikket.Server.Streams.Sasl;

/// <summary>
/// Which SASL mechanisms a stream offers (RFC 6120 §6.3.3), strongest first. PLAIN only inside
/// TLS; the -PLUS forms only when we have channel-binding data for the TLS session.
/// </summary>
internal static class SaslMechanisms
{
    public const string Plain = "PLAIN";

    public static IReadOnlyList<string> Offered(bool encrypted, bool channelBinding)
    {
        var list = new List<string>(5);
        if (channelBinding)
        {
            list.Add("SCRAM-SHA-256-PLUS");
            list.Add("SCRAM-SHA-1-PLUS");
        }

        list.Add("SCRAM-SHA-256");
        list.Add("SCRAM-SHA-1");
        if (encrypted)
        {
            list.Add(Plain);
        }

        return list;
    }
}
