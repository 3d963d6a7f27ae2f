namespace Snikket.Configuration;

/// <summary>Mozilla's server-side TLS recommendations, selected by <c>SNIKKET_TLS_PROFILE</c>.</summary>
public enum TlsProfile
{
    /// <summary>TLS 1.3 only.</summary>
    Modern,

    /// <summary>TLS 1.2 and 1.3 with forward-secret AEAD ciphers.</summary>
    Intermediate,

    /// <summary>Also older protocol versions and ciphers, for very old clients.</summary>
    Old,
}
