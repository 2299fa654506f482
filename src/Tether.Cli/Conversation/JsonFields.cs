using System.Text.Json;

namespace Tether.Cli.Conversation;

/// <summary>Tolerant reads of SDK message fields: a missing or mistyped field is null, never an exception.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value : null;

    public static JsonElement? Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value : null;

    /// <summary>The items of an array field, or none.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        Array(element, name) is { } array ? array.EnumerateArray() : [];

    public static long? Int64(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number)
            ? number : null;

    public static double? Double(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble() : null;

    public static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static string Type(JsonElement message) => String(message, "type") ?? "";

    /// <summary>The request id of a control message (also the camelCase spelling old mobile clients send).</summary>
    public static string? RequestId(JsonElement message) =>
        String(message, "request_id") ?? String(message, "requestId")
        ?? (Object(message, "response") is { } response ? String(response, "request_id") ?? String(response, "requestId") : null);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
