using System.Text.Json.Nodes;

namespace Tether.FakeAnthropic;

/// <summary>Builds Messages API response objects in the shape Anthropic returns them.</summary>
internal static class AnthropicMessage
{
    public static string NewMessageId() => "msg_fake" + Guid.NewGuid().ToString("N")[..20];

    public static string NewToolUseId() => "toolu_fake" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Rough token count: Anthropic tokens average about four characters of English.</summary>
    public static int EstimateTokens(string text) => Math.Max(1, text.Length / 4);

    public static string StopReason(ScriptedReply reply) => reply.ToolName is null ? "end_turn" : "tool_use";

    public static JsonObject Usage(int inputTokens, int outputTokens) => new()
    {
        ["input_tokens"] = inputTokens,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = 0,
        ["output_tokens"] = outputTokens,
    };

    /// <summary>The <c>message</c> object; <paramref name="content"/> is empty in <c>message_start</c>.</summary>
    public static JsonObject Message(string id, string model, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    /// <summary>The complete content blocks of a non-streaming reply.</summary>
    public static JsonArray Content(ScriptedReply reply, string toolUseId)
    {
        var content = new JsonArray();
        if (reply.Text.Length > 0)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Text });
        }

        if (reply.ToolName is { } tool)
        {
            content.Add(ToolUseBlock(tool, toolUseId, reply.ToolInput?.DeepClone() ?? new JsonObject()));
        }

        return content;
    }

    public static JsonObject ToolUseBlock(string tool, string toolUseId, JsonNode input) => new()
    {
        ["type"] = "tool_use",
        ["id"] = toolUseId,
        ["name"] = tool,
        ["input"] = input,
    };

    /// <summary>Anthropic's error body: <c>{"type":"error","error":{"type":…,"message":…}}</c>.</summary>
    public static JsonObject Error(string type, string message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
    };
}
