using System.Text.Json;
using Tether.Cli.Conversation;

namespace Tether.Cli.Repl;

/// <summary>What arrives from the server while mirrored.</summary>
internal sealed partial class ReplSession
{
    private async Task PumpRemoteAsync(RemoteMirror mirror, CancellationToken cancellationToken)
    {
        await foreach (var inbound in mirror.Bridge.Inbound.ReadAllAsync(cancellationToken))
        {
            if (_settings.OutboundOnly)
            {
                await RefuseAsync(mirror, inbound.Payload, cancellationToken);
                continue;
            }

            var payload = inbound.Payload;
            switch (JsonFields.Type(payload))
            {
                case "user" when mirror.FirstTime(JsonFields.String(payload, "uuid")):
                    _renderer.UserPrompt(PromptText(payload), "web ");
                    _turnInFlight = true;
                    Remember(payload);
                    await _agent.WriteLineAsync(payload.GetRawText(), cancellationToken);
                    await mirror.Bridge.ReportStateAsync("running", null, cancellationToken);
                    break;
                case "control_response" when JsonFields.RequestId(payload) is { } answered && _prompts.Remove(answered):
                    // Answered on the web first: the local prompt goes away and the agent gets the web's answer.
                    await _agent.WriteLineAsync(payload.GetRawText(), cancellationToken);
                    _renderer.Notice($"Permission answered on Remote Control{Behavior(payload)}.");
                    await mirror.Bridge.ReportStateAsync("running", null, cancellationToken);
                    break;
                case "control_request" when JsonFields.RequestId(payload) is { } requestId:
                    mirror.Forwarded(requestId);
                    if (JsonFields.Object(payload, "request") is { } request && JsonFields.String(request, "subtype") == "interrupt")
                    {
                        _renderer.Notice("Interrupted from Remote Control.");
                    }

                    await _agent.WriteLineAsync(payload.GetRawText(), cancellationToken);
                    break;
            }
        }
    }

    /// <summary>The agent's answer to a control request that came from the server goes back to the server.</summary>
    private async Task RelayControlResponseAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _mirror) is { } mirror && JsonFields.RequestId(message) is { } requestId && mirror.TakeForwarded(requestId))
        {
            await mirror.Bridge.WriteAsync([MirrorRules.Stamp(message, mirror.Bridge.SessionId)], cancellationToken);
        }
    }

    /// <summary>Outbound-only: control requests get the reference error (initialize excepted); prompts and answers are ignored.</summary>
    private async Task RefuseAsync(RemoteMirror mirror, JsonElement payload, CancellationToken cancellationToken)
    {
        var sessionId = mirror.Bridge.SessionId;
        switch (JsonFields.Type(payload))
        {
            case "control_request" when JsonFields.RequestId(payload) is { } requestId:
                var subtype = JsonFields.Object(payload, "request") is { } request ? JsonFields.String(request, "subtype") : null;
                var reply = subtype == "initialize"
                    ? ClientMessages.ControlSuccess(requestId, sessionId)
                    : ClientMessages.ControlError(requestId, MirrorRules.OutboundOnlyError, sessionId);
                await mirror.Bridge.WriteAsync([MirrorRules.Stamp(JsonFields.Parse(reply), sessionId)], cancellationToken);
                break;
            case "user":
                _renderer.Notice("Ignored a prompt from Remote Control: this session is outbound-only.");
                break;
            case "control_response":
                _renderer.Notice("Ignored a permission answer from Remote Control: this session is outbound-only.");
                break;
        }
    }

    private static string PromptText(JsonElement payload) =>
        JsonFields.Object(payload, "message") is { } message
            ? JsonFields.String(message, "content")
              ?? string.Join('\n', JsonFields.Items(message, "content").Select(b => JsonFields.String(b, "text")).Where(t => t is not null))
            : "";

    private static string Behavior(JsonElement payload) =>
        JsonFields.Object(payload, "response") is { } outer && JsonFields.Object(outer, "response") is { } inner
        && JsonFields.String(inner, "behavior") is { } behavior ? $" ({behavior})" : "";
}
