namespace Snikket.Server.Routing;

/// <summary>One module's part in delivering a message, at the <see cref="MessageStage"/> it registered for.</summary>
internal delegate ValueTask MessageHook(MessageDelivery delivery, CancellationToken ct);
