namespace Snikket.Xmpp.Sasl;

/// <summary>The hash function of a SCRAM mechanism (RFC 5802 SCRAM-SHA-1, RFC 7677 SCRAM-SHA-256).</summary>
public enum ScramHash
{
    /// <summary>SHA-1: <c>SCRAM-SHA-1</c> and <c>SCRAM-SHA-1-PLUS</c> (RFC 5802).</summary>
    Sha1,

    /// <summary>SHA-256: <c>SCRAM-SHA-256</c> and <c>SCRAM-SHA-256-PLUS</c> (RFC 7677).</summary>
    Sha256,
}
