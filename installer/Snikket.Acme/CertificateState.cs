namespace Snikket.Acme;

/// <summary>What the certificate manager last found; see <see cref="CertificateStatus"/>.</summary>
public enum CertificateState
{
    /// <summary>A managed certificate covering every name is in place and not yet due for renewal.</summary>
    Valid,

    /// <summary>The last attempt to get a certificate failed; an older one may still be in use (see <see cref="CertificateStatus.NotAfter"/>).</summary>
    Failing,

    /// <summary>The operator supplies the certificate (SNIKKET_TWEAK_TLS_CERTIFICATE) and it is usable.</summary>
    OperatorProvided,

    /// <summary>The operator supplies the certificate and something is wrong with it (missing, expired, wrong names, key mismatch).</summary>
    OperatorProblem,
}
