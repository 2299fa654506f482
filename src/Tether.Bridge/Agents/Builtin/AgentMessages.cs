using System.Globalization;
using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>Builds stdout messages in the shapes <c>claude -p --output-format stream-json</c> uses.</summary>
internal sealed class AgentMessages(string sessionId, TimeProvider timeProvider)
{
    public const string Model = "tether-builtin";

    public const string Notice = "Tether built-in agent (no AI): each prompt is run as a shell command with /bin/sh -c, after you allow it.";

    public JsonObject Init(string cwd, string permissionMode) => Stamp(new JsonObject
    {
        ["type"] = "system",
        ["subtype"] = "init",
        ["cwd"] = cwd,
        ["tools"] = new JsonArray("Bash"),
        ["mcp_servers"] = new JsonArray(),
        ["model"] = Model,
        ["permissionMode"] = permissionMode,
        ["slash_commands"] = new JsonArray(),
        ["apiKeySource"] = "none",
        ["output_style"] = "default",
        ["agents"] = new JsonArray(),
        ["description"] = Notice,
    });

    public JsonObject Assistant(JsonArray content) => Stamp(new JsonObject
    {
        ["type"] = "assistant",
        ["message"] = new JsonObject
        {
            ["id"] = "msg_builtin" + Guid.NewGuid().ToString("N")[..20],
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = Model,
            ["content"] = content,
            ["stop_reason"] = null,
            ["stop_sequence"] = null,
            ["usage"] = ZeroUsage(),
        },
        ["parent_tool_use_id"] = null,
    });

    public JsonObject AssistantText(string text) => Assistant([TextBlock(text)]);

    public JsonObject ToolResult(string toolUseId, string content, bool isError) => Stamp(new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "tool_result",
                ["tool_use_id"] = toolUseId,
                ["content"] = content,
                ["is_error"] = isError,
            }),
        },
        ["parent_tool_use_id"] = null,
        ["timestamp"] = Timestamp(),
    });

    public JsonObject UserText(string text) => Stamp(new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = new JsonArray(TextBlock(text)) },
        ["parent_tool_use_id"] = null,
        ["timestamp"] = Timestamp(),
    });

    /// <summary>The acknowledgement <c>--replay-user-messages</c> asks for: the inbound message, marked as a replay.</summary>
    public JsonObject Replay(JsonObject inbound)
    {
        var replay = (JsonObject)inbound.DeepClone();
        replay["session_id"] = sessionId;
        replay["parent_tool_use_id"] ??= null;
        replay["isReplay"] = true;
        return replay;
    }

    public JsonObject Result(TurnSummary summary) => Stamp(new JsonObject
    {
        ["type"] = "result",
        ["subtype"] = summary.Interrupted ? "error_during_execution" : "success",
        ["is_error"] = summary.Interrupted,
        ["duration_ms"] = (long)summary.Duration.TotalMilliseconds,
        ["duration_api_ms"] = 0,
        ["num_turns"] = summary.NumTurns,
        ["result"] = summary.Text,
        ["stop_reason"] = summary.Interrupted ? "tool_use" : "end_turn",
        ["terminal_reason"] = summary.Interrupted ? "aborted_tools" : "completed",
        ["total_cost_usd"] = 0,
        ["usage"] = ZeroUsage(),
        ["modelUsage"] = new JsonObject(),
        ["permission_denials"] = summary.Denials,
    });

    public JsonObject CanUseTool(string requestId, string toolUseId, JsonObject input) => new()
    {
        ["type"] = "control_request",
        ["request_id"] = requestId,
        ["request"] = new JsonObject
        {
            ["subtype"] = "can_use_tool",
            ["tool_name"] = "Bash",
            ["display_name"] = "Bash",
            ["input"] = input,
            ["description"] = input["description"]?.DeepClone(),
            ["permission_suggestions"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "addRules",
                    ["rules"] = new JsonArray(new JsonObject { ["toolName"] = "Bash", ["ruleContent"] = input["command"]?.DeepClone() }),
                    ["behavior"] = "allow",
                    ["destination"] = "session",
                },
                new JsonObject { ["type"] = "setMode", ["mode"] = PermissionModes.BypassPermissions, ["destination"] = "session" }),
            ["tool_use_id"] = toolUseId,
        },
    };

    public static JsonObject ControlCancel(string requestId) => new() { ["type"] = "control_cancel_request", ["request_id"] = requestId };

    public static JsonObject ControlSuccess(string requestId, JsonObject response) => new()
    {
        ["type"] = "control_response",
        ["response"] = new JsonObject { ["subtype"] = "success", ["request_id"] = requestId, ["response"] = response },
    };

    public static JsonObject ControlError(string requestId, string error, string? errorCode = null)
    {
        var response = new JsonObject { ["subtype"] = "error", ["request_id"] = requestId, ["error"] = error };
        if (errorCode is not null)
        {
            response["error_code"] = errorCode;
        }

        return new JsonObject { ["type"] = "control_response", ["response"] = response };
    }

    /// <summary>A problem with the input that does not stop the agent (claude would exit instead).</summary>
    public JsonObject InputError(string message) => Stamp(new JsonObject
    {
        ["type"] = "system",
        ["subtype"] = "error",
        ["error"] = message,
    });

    public static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject ZeroUsage() => new() { ["input_tokens"] = 0, ["output_tokens"] = 0 };

    private string Timestamp() => timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private JsonObject Stamp(JsonObject message)
    {
        message["session_id"] = sessionId;
        message["uuid"] = Guid.NewGuid().ToString();
        return message;
    }
}
