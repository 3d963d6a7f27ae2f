namespace Snikket.Server.Modules.Register;

/// <summary>Settings of the XEP-0077 account module.</summary>
internal sealed class RegisterOptions
{
    /// <summary>PBKDF2 iterations for new SCRAM keys (<c>SNIKKET_TWEAK_SCRAM_ITERATIONS</c>).</summary>
    public int ScramIterations { get; init; } = 10000;

    /// <summary>How often accounts whose deletion grace period ended are deleted.</summary>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromHours(1);
}
