namespace Snikket.Server.Routing;

/// <summary>Handles one IQ request; must answer it exactly once.</summary>
internal delegate ValueTask IqHandler(IqRequest iq, CancellationToken ct);
