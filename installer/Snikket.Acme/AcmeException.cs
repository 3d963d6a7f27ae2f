namespace Snikket.Acme;

/// <summary>
/// Getting a certificate failed. The message says what went wrong and what the operator can do
/// about it; <see cref="Problem"/> holds the ACME problem document (RFC 8555 §6.7) when the
/// server sent one.
/// </summary>
public sealed class AcmeException : Exception
{
    public AcmeException()
    {
    }

    public AcmeException(string message)
        : base(message)
    {
    }

    public AcmeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AcmeException(string message, AcmeProblem? problem, Exception? innerException = null)
        : base(message, innerException) => Problem = problem;

    /// <summary>The server's problem document, or null when the failure was not an ACME error response.</summary>
    public AcmeProblem? Problem { get; }
}
