using System.Text.Json.Nodes;

namespace Tether.Agents.Tests;

/// <summary>Builds stdin messages and matches stdout messages of the stream-json protocol.</summary>
internal static class StreamJson
{
    public static JsonObject User(string text, string? uuid = null) => new()
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
        ["parent_tool_use_id"] = null,
        ["session_id"] = "",
        ["uuid"] = uuid ?? Guid.NewGuid().ToString(),
    };

    public static JsonObject ControlRequest(string requestId, JsonObject request) => new()
    {
        ["type"] = "control_request",
        ["request_id"] = requestId,
        ["request"] = request,
    };

    public static JsonObject Allow(JsonObject canUseTool, JsonObject? updatedInput = null, JsonArray? updatedPermissions = null) =>
        Answer(canUseTool, new JsonObject
        {
            ["behavior"] = "allow",
            ["updatedInput"] = updatedInput ?? canUseTool["request"]!["input"]!.DeepClone(),
            ["updatedPermissions"] = updatedPermissions,
        });

    public static JsonObject Deny(JsonObject canUseTool, string message, bool interrupt = false) =>
        Answer(canUseTool, new JsonObject { ["behavior"] = "deny", ["message"] = message, ["interrupt"] = interrupt });

    public static bool IsType(JsonObject message, string type) => (string?)message["type"] == type;

    public static bool IsResult(JsonObject message) => IsType(message, "result");

    public static bool IsCanUseTool(JsonObject message) =>
        IsType(message, "control_request") && (string?)message["request"]?["subtype"] == "can_use_tool";

    public static bool IsResponseTo(JsonObject message, string requestId) =>
        IsType(message, "control_response") && (string?)message["response"]?["request_id"] == requestId;

    /// <summary>The first <c>tool_result</c> block of a <c>user</c> message, if it has one.</summary>
    public static JsonObject? ToolResult(JsonObject message) =>
        IsType(message, "user") && message["message"]?["content"] is JsonArray blocks
            ? blocks.OfType<JsonObject>().FirstOrDefault(block => (string?)block["type"] == "tool_result")
            : null;

    private static JsonObject Answer(JsonObject canUseTool, JsonObject response) => new()
    {
        ["type"] = "control_response",
        ["response"] = new JsonObject
        {
            ["subtype"] = "success",
            ["request_id"] = (string?)canUseTool["request_id"],
            ["response"] = response,
        },
    };
}
