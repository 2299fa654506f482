using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Protocol.Ids;
using Tether.Server.Events;
using Tether.Testing;

namespace Tether.Web.Tests;

/// <summary>Appends worker-side events straight into the server's log, as the bridge's ingress does.</summary>
internal static class WorkerEvents
{
    public static async Task AppendAsync(LoopbackServer server, string sessionId, params string[] payloads)
    {
        SessionIds.TryGetBody(sessionId, out var body);
        var validator = server.GetRequiredService<EventValidator>();
        var validation = validator.Validate([.. payloads.Select(p => JsonDocument.Parse(p).RootElement)], EventSource.Worker);
        Assert.Null(validation.Error);
        var result = await server.GetRequiredService<EventLog>().AppendAsync(
            new AppendRequest(body, null, EventSource.Worker, validation.Events!, "worker"), CancellationToken.None);
        Assert.Equal(AppendStatus.Ok, result.Status);
    }

    public static string CanUseTool(string requestId, string command = "rm -rf build", bool withSuggestion = false) =>
        new JsonObject
        {
            ["type"] = "control_request",
            ["request_id"] = requestId,
            ["request"] = new JsonObject
            {
                ["subtype"] = "can_use_tool",
                ["tool_name"] = "Bash",
                ["input"] = new JsonObject { ["command"] = command, ["description"] = "Clean the build output" },
                ["tool_use_id"] = "toolu_" + requestId,
                ["permission_suggestions"] = withSuggestion
                    ? new JsonArray(new JsonObject
                    {
                        ["type"] = "addRules",
                        ["rules"] = new JsonArray(new JsonObject { ["toolName"] = "Bash", ["ruleContent"] = command }),
                        ["behavior"] = "allow",
                        ["destination"] = "localSettings",
                    })
                    : null,
            },
        }.ToJsonString();

    public static string Assistant(string text, string? messageId = null) =>
        new JsonObject
        {
            ["type"] = "assistant",
            ["uuid"] = Guid.NewGuid().ToString(),
            ["message"] = new JsonObject
            {
                ["id"] = messageId ?? "msg_" + Guid.NewGuid().ToString("N"),
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            },
        }.ToJsonString();

    public static string ToolUse(string toolUseId, string command, string? messageId = null) =>
        new JsonObject
        {
            ["type"] = "assistant",
            ["uuid"] = Guid.NewGuid().ToString(),
            ["message"] = new JsonObject
            {
                ["id"] = messageId ?? "msg_" + Guid.NewGuid().ToString("N"),
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject
                {
                    ["type"] = "tool_use", ["id"] = toolUseId, ["name"] = "Bash", ["input"] = new JsonObject { ["command"] = command },
                }),
            },
        }.ToJsonString();

    public static string ToolResult(string toolUseId, string output, bool isError = false) =>
        new JsonObject
        {
            ["type"] = "user",
            ["uuid"] = Guid.NewGuid().ToString(),
            ["message"] = new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = toolUseId, ["content"] = output, ["is_error"] = isError }),
            },
        }.ToJsonString();

    public static string TextDelta(string text) =>
        new JsonObject
        {
            ["type"] = "stream_event",
            ["event"] = new JsonObject
            {
                ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text },
            },
        }.ToJsonString();

    /// <summary>An allow answer as a client posts it (answers come from people, not from the worker).</summary>
    public static string Allow(string requestId) =>
        $$$"""{"type":"control_response","uuid":"{{{Guid.NewGuid()}}}","response":{"subtype":"success","request_id":"{{{requestId}}}","response":{"behavior":"allow","updatedInput":{} } } }""";

    public static string Result() =>
        $$$"""{"type":"result","subtype":"success","is_error":false,"uuid":"{{{Guid.NewGuid()}}}","result":"done","duration_ms":8200,"num_turns":3,"total_cost_usd":0.0123}""";
}
