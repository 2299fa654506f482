using System.Text;
using System.Text.Json;
using Tether.Bridge.Relay;

namespace Tether.Bridge.Transports.V2;

/// <summary>
/// Which worker status a line implies (§5.1): a client's user message starts work (running), the agent's
/// <c>can_use_tool</c> request waits for the user (requires_action), a permission answer resumes it (running) and a
/// <c>result</c> ends the turn (idle). The v2 server takes a session's status from these pushes, not from events.
/// </summary>
internal static class WorkerStatusRules
{
    public static WorkerState? ForInbound(string? type) => type is "user" or "control_response" ? WorkerState.Running : null;

    public static WorkerState? ForOutbound(OutboundEvent line)
    {
        switch (line.Type)
        {
            case "result":
                return WorkerState.Idle;
            case "control_request":
                return PermissionPrompt(line.Json);
            default:
                return null;
        }
    }

    private static WorkerState? PermissionPrompt(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
                || !request.TryGetProperty("subtype", out var subtype) || subtype.ValueKind != JsonValueKind.String || subtype.GetString() != "can_use_tool")
            {
                return null;
            }

            var requestId = root.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var tool = request.TryGetProperty("tool_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() ?? "" : "";
            var description = request.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() ?? tool : tool;
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("tool_name", tool);
                writer.WriteString("action_description", description);
                writer.WriteString("request_id", requestId);
                writer.WriteEndObject();
            }

            using var details = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
            return new WorkerState("requires_action", requestId, details.RootElement.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
