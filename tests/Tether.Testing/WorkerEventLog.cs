using System.Text.Json;
using Tether.Protocol.Ids;
using Tether.Server.Events;

namespace Tether.Testing;

/// <summary>Appends worker-side events straight into a server's log, as a bridge's ingress would.</summary>
public static class WorkerEventLog
{
    public static async Task AppendAsync(LoopbackServer server, string sessionId, params string[] payloads)
    {
        SessionIds.TryGetBody(sessionId, out var body);
        var validation = server.GetRequiredService<EventValidator>().Validate([.. payloads.Select(p => JsonDocument.Parse(p).RootElement)], EventSource.Worker);
        if (validation.Error is not null)
        {
            throw new InvalidOperationException($"invalid worker event: {validation.Error}");
        }

        var result = await server.GetRequiredService<EventLog>().AppendAsync(
            new AppendRequest(body, null, EventSource.Worker, validation.Events!, "worker"), CancellationToken.None);
        if (result.Status != AppendStatus.Ok)
        {
            throw new InvalidOperationException($"worker append failed: {result.Status} {result.Message}");
        }
    }

    public static string CanUseTool(string requestId, string command = "touch x") =>
        $$$"""{"type":"control_request","request_id":"{{{requestId}}}","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"{{{command}}}"},"tool_use_id":"toolu_1","permission_suggestions":[{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"{{{command}}}"}],"behavior":"allow","destination":"localSettings"}]}}""";

    public static string Assistant(string text) =>
        $$$"""{"type":"assistant","uuid":"{{{Guid.NewGuid()}}}","message":{"role":"assistant","content":[{"type":"text","text":"{{{text}}}"}]}}""";

    public static string ToolUse(string command) =>
        $$$"""{"type":"assistant","uuid":"{{{Guid.NewGuid()}}}","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"{{{command}}}"}}]}}""";

    public static string ToolResult(string text) =>
        $$$"""{"type":"user","uuid":"{{{Guid.NewGuid()}}}","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"{{{text}}}"}]}}""";

    public static string Result() => $$$"""{"type":"result","subtype":"success","is_error":false,"num_turns":1,"uuid":"{{{Guid.NewGuid()}}}","result":"done"}""";

    public static string Allow(string requestId, string? uuid = null) =>
        $$$"""{"type":"control_response","uuid":"{{{uuid ?? Guid.NewGuid().ToString()}}}","response":{"subtype":"success","request_id":"{{{requestId}}}","response":{"behavior":"allow","updatedInput":{} } } }""";
}
