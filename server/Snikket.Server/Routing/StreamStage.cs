namespace Snikket.Server.Routing;

/// <summary>When during negotiation a module's stream feature is offered (RFC 6120 §4.3).</summary>
internal enum StreamStage
{
    /// <summary>With the SASL mechanisms, on an encrypted stream, before authentication.</summary>
    BeforeAuth,

    /// <summary>After the post-authentication restart, beside resource binding.</summary>
    AfterAuth,
}
