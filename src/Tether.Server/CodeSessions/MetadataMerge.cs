using System.Text;
using System.Text.Json;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Worker metadata merge, one level deep in the style of RFC 7396: each top-level key of the patch replaces the stored
/// value whole, and a null value deletes the key. A null patch clears everything; an absent one changes nothing.
/// </summary>
internal static class MetadataMerge
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The merged object as JSON, or an error message.</summary>
    public static (string? Json, string? Error) Apply(string? current, JsonElement patch, string name)
    {
        switch (patch.ValueKind)
        {
            case JsonValueKind.Undefined:
                return (current, null);
            case JsonValueKind.Null:
                return ("{}", null);
            case JsonValueKind.Object:
                break;
            default:
                return (null, $"{name} must be an object or null.");
        }

        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var order = new List<string>();
        if (current is { Length: > 0 })
        {
            using var stored = JsonDocument.Parse(current);
            foreach (var property in stored.RootElement.EnumerateObject())
            {
                merged[property.Name] = property.Value.Clone();
                order.Add(property.Name);
            }
        }

        foreach (var property in patch.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                merged.Remove(property.Name);
                order.Remove(property.Name);
                continue;
            }

            if (!merged.ContainsKey(property.Name))
            {
                order.Add(property.Name);
            }

            merged[property.Name] = property.Value;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var key in order)
            {
                writer.WritePropertyName(key);
                merged[key].WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.Length > MaxBytes
            ? (null, $"{name} would be larger than {MaxBytes} bytes.")
            : (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }
}
