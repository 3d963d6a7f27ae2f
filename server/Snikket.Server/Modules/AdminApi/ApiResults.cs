using Snikket.AdminApi;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>The API's answers: JSON bodies from the shared source-generated context, errors as <see cref="ApiError"/>.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string condition, string message) =>
        Results.Json(new ApiError(condition, message), AdminApiJson.Default.ApiError, statusCode: status);

    public static IResult Unauthorized(string message = "A valid bearer token is required.") =>
        Error(StatusCodes.Status401Unauthorized, ApiConditions.Unauthorized, message);

    public static IResult Forbidden(string message = "Your role does not allow this.") =>
        Error(StatusCodes.Status403Forbidden, ApiConditions.Forbidden, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, ApiConditions.NotFound, message);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, ApiConditions.BadRequest, message);

    public static IResult TooLarge(string message) => Error(StatusCodes.Status413PayloadTooLarge, ApiConditions.PayloadTooLarge, message);
}
