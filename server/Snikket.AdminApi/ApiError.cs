namespace Snikket.AdminApi;

/// <summary>
/// The body of every error answer of the internal API: a stable, machine-readable condition (one
/// of <see cref="ApiConditions"/>) and a sentence for people. Clients branch on <see cref="Error"/> only.
/// </summary>
public sealed record ApiError(string Error, string Message);
