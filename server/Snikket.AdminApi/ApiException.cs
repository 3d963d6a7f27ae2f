using System.Net;

namespace Snikket.AdminApi;

/// <summary>The API answered with an error: its HTTP status and its stable condition (<see cref="ApiConditions"/>).</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(HttpStatusCode.InternalServerError, ApiConditions.InternalError, "The API failed.")
    {
    }

    public ApiException(string message)
        : this(HttpStatusCode.InternalServerError, ApiConditions.InternalError, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = HttpStatusCode.InternalServerError;
        Condition = ApiConditions.InternalError;
    }

    public ApiException(HttpStatusCode status, string condition, string message)
        : base(message)
    {
        Status = status;
        Condition = condition;
    }

    public HttpStatusCode Status { get; }

    /// <summary>The <c>error</c> field of the answer, e.g. <see cref="ApiConditions.UsernameTaken"/>.</summary>
    public string Condition { get; }
}
