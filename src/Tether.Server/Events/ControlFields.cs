using System.Text.Json;

namespace Tether.Server.Events;

/// <summary>The fields of control messages the server acts on, read once at validation.</summary>
internal readonly record struct ControlFields(string? Subtype, string? RequestId, string? Behavior, string? ToolName, string? Error)
{
    public static ControlFields Read(JsonElement element, string type) => type switch
    {
        "control_request" => ReadRequest(element),
        "control_response" => ReadResponse(element),
        "control_cancel_request" => String(element, "request_id") is { } id
            ? new ControlFields(null, id, null, null, null)
            : Fail("control_cancel_request needs a string request_id"),
        _ => default,
    };

    private static ControlFields ReadRequest(JsonElement element)
    {
        if (String(element, "request_id") is not { } requestId)
        {
            return Fail("control_request needs a string request_id");
        }

        if (!element.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
            || String(request, "subtype") is not { } subtype)
        {
            return Fail("control_request needs a request object with a string subtype");
        }

        return new ControlFields(subtype, requestId, null, String(request, "tool_name"), null);
    }

    private static ControlFields ReadResponse(JsonElement element)
    {
        if (!element.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return Fail("control_response needs a response object");
        }

        // Older mobile clients send requestId; the reference normalises it (remote-protocol §9.2).
        var requestId = String(response, "request_id") ?? String(response, "requestId");
        if (requestId is null)
        {
            return Fail("control_response needs response.request_id");
        }

        var subtype = String(response, "subtype");
        string? behavior = null;
        if (response.TryGetProperty("response", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            behavior = String(inner, "behavior");
        }

        return new ControlFields(subtype, requestId, behavior, null, null);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 256 } s
            ? s
            : null;

    private static ControlFields Fail(string message) => new(null, null, null, null, message);
}
