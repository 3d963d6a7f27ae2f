namespace Snikket.Server.Routing;

/// <summary>Answers an IQ received before authentication (see <see cref="PreAuthIq"/>); returns the reply to send.</summary>
internal delegate ValueTask<Xmpp.Element> PreAuthIqHandler(PreAuthIq iq, CancellationToken ct);
