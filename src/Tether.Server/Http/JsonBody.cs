using System.Buffers;
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
    // A declared length beyond this is grown into rather than trusted up front.
    private const long MaxInitialBufferBytes = 1024 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        // Buffer (bounded by Kestrel's body limit) so the whole body can be checked as UTF-8 first: the JSON reader lets
        // some invalid sequences inside strings through, to fail later when the text is decoded. The buffer is pooled: a
        // growing MemoryStream put every body over 64 KB on the large object heap, and under load those allocations
        // alone drove full collections. Deserialized values copy what they keep, so the buffer goes back afterwards.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes(request));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var bytes = buffer.AsSpan(0, length);
            if (!Utf8.IsValid(bytes))
            {
                return (null, ApiErrors.BadRequest("The request body is not valid UTF-8."));
            }

            var value = JsonSerializer.Deserialize(bytes, typeInfo);
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
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The declared length when there is one (one more byte, so the end is seen without growing), else 4 KB.</summary>
    private static int InitialBufferBytes(HttpRequest request) =>
        request.ContentLength is > 0 and < MaxInitialBufferBytes and var declared ? (int)declared + 1 : 4096;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
