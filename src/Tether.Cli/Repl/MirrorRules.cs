using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Cli.Conversation;

namespace Tether.Cli.Repl;

/// <summary>Which agent messages a mirror uploads, and the worker status each implies (remote-protocol §6, §9.1).</summary>
internal static class MirrorRules
{
    public const string OutboundOnlyError = "This session is outbound-only. Enable Remote Control locally to allow inbound control.";

    /// <summary>True for the transcript a viewer needs: messages, tool results, results, init, permission prompts, stream deltas.</summary>
    public static bool IsMirrored(JsonElement message) => JsonFields.Type(message) switch
    {
        "assistant" or "result" or "stream_event" => true,
        "user" => !JsonFields.Bool(message, "isReplay"),
        "system" => JsonFields.String(message, "subtype") is "init" or "compact_boundary",
        "control_request" => JsonFields.Object(message, "request") is { } request && JsonFields.String(request, "subtype") == "can_use_tool",
        _ => false,
    };

    /// <summary>The status after uploading <paramref name="message"/>, or null when it does not change it.</summary>
    public static string? StatusAfter(JsonElement message) => JsonFields.Type(message) switch
    {
        "user" => "running",
        "control_request" => "requires_action",
        "control_response" or "control_cancel_request" => "running",
        "result" => "idle",
        _ => null,
    };

    /// <summary>The message with a uuid and the mirror's session id, as the reference bridge writes every event.</summary>
    public static JsonElement Stamp(JsonElement message, string sessionId)
    {
        var node = JsonNode.Parse(message.GetRawText())!.AsObject();
        if (node["uuid"] is null && JsonFields.Type(message) != "stream_event")
        {
            node["uuid"] = Guid.NewGuid().ToString();
        }

        node["session_id"] = sessionId;
        return JsonFields.Parse(node.ToJsonString());
    }

    /// <summary><c>requires_action_details</c> for a permission prompt.</summary>
    public static JsonElement RequiresAction(string requestId, JsonElement request)
    {
        var node = new JsonObject
        {
            ["tool_name"] = JsonFields.String(request, "tool_name") ?? "tool",
            ["action_description"] = JsonFields.String(request, "description") ?? ToolText.Call(JsonFields.String(request, "tool_name") ?? "tool", JsonFields.Object(request, "input")),
            ["request_id"] = requestId,
        };
        return JsonFields.Parse(node.ToJsonString());
    }
}
