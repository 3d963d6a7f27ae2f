namespace Snikket.Server.Modules.Caps;

/// <summary>One disco identity as XEP-0115 §5.1 hashes it: category, type, xml:lang and name.</summary>
internal readonly record struct CapsIdentity(string Category, string Type, string? Lang, string? Name);
