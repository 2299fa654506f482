using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Tether.Protocol.Errors;

namespace Tether.Server.Http;

/// <summary>
/// Reads a JSON request body with precise errors: 413 over the size limit, 400 for malformed JSON or a wrong type (naming
/// the JSON path), 400 for an empty body. Minimal APIs' own binding answers such cases without a useful message.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            // Buffer (bounded by Kestrel's body limit) so the whole body can be checked as UTF-8 first: the JSON reader
            // lets some invalid sequences inside strings through, to fail later when the text is decoded.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (!Utf8.IsValid(bytes.Span))
            {
                return (null, ApiErrors.BadRequest("The request body is not valid UTF-8."));
            }

            var value = JsonSerializer.Deserialize(bytes.Span, typeInfo);
            return value is null ? (null, ApiErrors.BadRequest("The request body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
            return (null, ApiErrors.BadRequest(ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
                ? $"JSON nested too deeply{where}."
                : $"Malformed JSON or wrong type{where}: {FirstSentence(ex.Message)}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiErrors.Of(StatusCodes.Status413PayloadTooLarge, ErrorTypes.TooLarge, "The request body is too large."));
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
