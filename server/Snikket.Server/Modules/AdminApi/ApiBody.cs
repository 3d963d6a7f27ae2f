using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Snikket.AdminApi;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// Reads a JSON request body with a size limit, answering problems with the API's own error
/// shape (minimal APIs' built-in binding would answer a bare 400, or read without our limit).
/// </summary>
internal static class ApiBody
{
    /// <summary>No request of this API needs more: the largest is an announcement.</summary>
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiResults.TooLarge($"The body is larger than {MaxBytes} bytes."));
        }

        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, ApiConditions.UnsupportedMediaType, "The body must be application/json."));
        }

        // Bounded even without a Content-Length (chunked): read at most one byte past the limit.
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, ApiResults.TooLarge($"The body is larger than {MaxBytes} bytes."));
            }
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? (null, ApiResults.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            // The serializer's message names the field and position, never the value.
            return (null, ApiResults.BadRequest("The body is not valid for this request: " + e.Message));
        }
    }
}
