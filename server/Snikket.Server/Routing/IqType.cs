namespace Snikket.Server.Routing;

/// <summary>The request types of an IQ (RFC 6120 §8.2.3); results and errors are routed, never dispatched.</summary>
internal enum IqType
{
    Get,
    Set,
}
