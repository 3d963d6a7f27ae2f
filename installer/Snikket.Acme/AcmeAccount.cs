namespace Snikket.Acme;

/// <summary>The account as the server knows it (RFC 8555 §7.1.2): its URL is the <c>kid</c> of every later request.</summary>
/// <param name="Url">The account URL.</param>
/// <param name="Created">True when this call created it; false when the key already had an account (§7.3.1).</param>
/// <param name="ContactUpdated">True when the existing account had another contact and was updated to this one (§7.3.2).</param>
public sealed record AcmeAccount(Uri Url, bool Created, bool ContactUpdated);
