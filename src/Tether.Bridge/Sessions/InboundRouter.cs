using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Bridge.Relay;

namespace Tether.Bridge.Sessions;

/// <summary>
/// Routes client events from the server to the agent (reference §9.2, §9.3): <c>user</c> messages,
/// <c>control_response</c>, <c>control_cancel_request</c> and the control requests an agent understands (interrupt,
/// set_permission_mode, set_model, set_max_thinking_tokens) are forwarded; <c>rename_session</c> is answered here;
/// any other control request is answered with an error so the server never waits on it (pitfall 13). Repeats are
/// dropped by uuid and by request id, so a prompt or an answer re-delivered after a reconnect reaches the agent once.
/// camelCase <c>requestId</c> from old mobile clients is normalized (pitfall 17); the log fields <c>event_id</c> and
/// <c>sequence_num</c> are removed before the agent sees the message.
/// </summary>
internal sealed class InboundRouter(string sessionId, InboundDeduplicator deduplicator)
{
    private static readonly HashSet<string> s_forwardedControls = new(StringComparer.Ordinal)
    {
        "interrupt", "set_permission_mode", "set_model", "set_max_thinking_tokens",
    };

    public InboundDecision Route(string line)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return InboundDecision.Drop("not JSON");
        }

        if (message is null || message["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            return InboundDecision.Drop("no type");
        }

        message.Remove("event_id");
        message.Remove("sequence_num");
        Normalize(message);
        if (message["uuid"] is JsonValue uuidValue && uuidValue.TryGetValue<string>(out var uuid) && uuid.Length > 0 && !deduplicator.TryMarkSeen(uuid))
        {
            return InboundDecision.Drop($"repeat of {uuid}");
        }

        switch (type)
        {
            case "user":
                return new InboundDecision(InboundAction.ForwardToAgent, message.ToJsonString(), Title: PromptText(message));
            case "control_response":
                return FirstTime("response:", message["response"]?["request_id"])
                    ? new InboundDecision(InboundAction.ForwardToAgent, message.ToJsonString())
                    : InboundDecision.Drop("answer already delivered");
            case "control_cancel_request":
                return new InboundDecision(InboundAction.ForwardToAgent, message.ToJsonString());
            case "control_request":
                return RouteControlRequest(message);
            default:
                return InboundDecision.Drop($"type {type} is not for the agent");
        }
    }

    private InboundDecision RouteControlRequest(JsonObject message)
    {
        var requestId = message["request_id"]?.GetValueKind() == JsonValueKind.String ? message["request_id"]!.GetValue<string>() : null;
        if (requestId is null)
        {
            return InboundDecision.Drop("control_request without request_id");
        }

        if (!FirstTime("request:", message["request_id"]))
        {
            return InboundDecision.Drop("control request already handled");
        }

        var request = message["request"] as JsonObject;
        var subtype = request?["subtype"]?.GetValueKind() == JsonValueKind.String ? request["subtype"]!.GetValue<string>() : "";
        if (s_forwardedControls.Contains(subtype))
        {
            return new InboundDecision(InboundAction.ForwardToAgent, message.ToJsonString());
        }

        if (subtype == "rename_session" && request?["title"] is JsonValue title && title.TryGetValue<string>(out var name) && name.Trim().Length > 0)
        {
            return new InboundDecision(InboundAction.ReplyToServer, ControlMessages.Success(sessionId, requestId), Title: name, RenamesSession: true);
        }

        return new InboundDecision(InboundAction.ReplyToServer,
            ControlMessages.Error(sessionId, requestId, $"Tether bridge does not handle control_request subtype: {subtype}"));
    }

    private bool FirstTime(string prefix, JsonNode? requestId) =>
        requestId?.GetValueKind() != JsonValueKind.String || deduplicator.TryMarkSeen(prefix + requestId.GetValue<string>());

    private static void Normalize(JsonObject message)
    {
        Rename(message);
        if (message["response"] is JsonObject response)
        {
            Rename(response);
        }

        static void Rename(JsonObject node)
        {
            if (node["request_id"] is null && node["requestId"] is { } camel)
            {
                node.Remove("requestId");
                node["request_id"] = camel;
            }
        }
    }

    private static string? PromptText(JsonObject message)
    {
        var content = message["message"]?["content"];
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (content is JsonArray blocks)
        {
            foreach (var block in blocks)
            {
                if (block?["type"]?.GetValueKind() == JsonValueKind.String && block["type"]!.GetValue<string>() == "text"
                    && block["text"] is JsonValue t && t.TryGetValue<string>(out var blockText))
                {
                    return blockText;
                }
            }
        }

        return null;
    }
}
