using System.Text.Json;
using Tether.Protocol.Ids;
using Tether.Server.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Events;

/// <summary>Appends worker-side events straight into the log, as the bridge's ingress will.</summary>
internal static class WorkerEvents
{
    public static async Task<AppendResult> AppendAsync(LoopbackServer server, string sessionId, params string[] payloads)
    {
        SessionIds.TryGetBody(sessionId, out var body);
        var validator = server.GetRequiredService<EventValidator>();
        var validation = validator.Validate([.. payloads.Select(p => JsonDocument.Parse(p).RootElement)], EventSource.Worker);
        Assert.Null(validation.Error);
        return await server.GetRequiredService<EventLog>().AppendAsync(
            new AppendRequest(body, null, EventSource.Worker, validation.Events!, "worker"), CancellationToken.None);
    }

    public static string CanUseTool(string requestId, string command = "touch x") =>
        $$$"""{"type":"control_request","request_id":"{{{requestId}}}","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"{{{command}}}"},"tool_use_id":"toolu_1"}}""";

    public static string Assistant(string text) =>
        $$$"""{"type":"assistant","uuid":"{{{Guid.NewGuid()}}}","message":{"role":"assistant","content":[{"type":"text","text":"{{{text}}}"}]}}""";

    public static string Result() => $$$"""{"type":"result","subtype":"success","is_error":false,"uuid":"{{{Guid.NewGuid()}}}","result":"done"}""";

    public static string Allow(string requestId, string? uuid = null) =>
        $$$"""{"type":"control_response","uuid":"{{{uuid ?? Guid.NewGuid().ToString()}}}","response":{"subtype":"success","request_id":"{{{requestId}}}","response":{"behavior":"allow","updatedInput":{} } } }""";

    public static string Deny(string requestId) =>
        $$$"""{"type":"control_response","uuid":"{{{Guid.NewGuid()}}}","response":{"subtype":"success","request_id":"{{{requestId}}}","response":{"behavior":"deny","message":"no"} } }""";
}
