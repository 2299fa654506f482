using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Tether.Server.Http;

/// <summary>
/// Reads flat string fields from a form-encoded body (as RFC 8628 clients send) or a JSON object body. An empty body
/// has no fields. These endpoints take anonymous requests, so the body is capped well below the server-wide limit.
/// Returns an error message instead of throwing on malformed input.
/// </summary>
internal static class RequestFields
{
    private const int MaxBytes = 16 * 1024;
    private static readonly JsonDocumentOptions s_jsonOptions = new() { MaxDepth = 4 };

    public static async Task<(Dictionary<string, string> Fields, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = await ReadBoundedAsync(request.Body, cancellationToken);
        if (body is null)
        {
            return (fields, $"The body is larger than {MaxBytes} bytes.");
        }

        if (body.Length == 0)
        {
            return (fields, null);
        }

        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                fields[key] = value.ToString();
            }

            return (fields, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body, s_jsonOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (fields, "The body must be form-encoded or a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    fields[property.Name] = property.Value.GetString()!;
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    return (fields, $"{property.Name} must be a string.");
                }
            }

            return (fields, null);
        }
        catch (JsonException)
        {
            return (fields, "The body must be form-encoded or a JSON object.");
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
