namespace Snikket.Server.Routing;

/// <summary>What selects an IQ handler: request type, destination kind, payload namespace and name.</summary>
internal readonly record struct HandlerKey(IqType Type, To To, string Namespace, string Name);
