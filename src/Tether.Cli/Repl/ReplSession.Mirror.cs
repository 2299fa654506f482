using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Client.CodeSessions;
using Tether.Client.Http;
using Tether.Cli.Connection;
using Tether.Cli.Conversation;
using Tether.Cli.Remote;

namespace Tether.Cli.Repl;

/// <summary>
/// <c>/remote-control</c>: the session mirrored through the env-less v2 path. Everything the agent says is uploaded; from
/// the server come prompts (injected into the agent), permission answers (the first answer wins: a local answer withdraws
/// the web's prompt with <c>control_cancel_request</c>, a web answer withdraws the local one) and control requests such
/// as interrupt (forwarded to the agent, whose response goes back). Outbound-only mirrors accept none of it.
/// </summary>
internal sealed partial class ReplSession
{
    private readonly SemaphoreSlim _mirrorGate = new(1, 1);
    private RemoteMirror? _mirror;

    private bool MirrorActive => Volatile.Read(ref _mirror) is not null;

    private async Task StartMirrorAsync(string? name, CancellationToken cancellationToken)
    {
        await _mirrorGate.WaitAsync(cancellationToken);
        try
        {
            if (_mirror is not null)
            {
                return;
            }

            var (login, error) = await _login(cancellationToken);
            if (login is null)
            {
                _renderer.Error($"Remote Control needs a server: {error}");
                return;
            }

            var config = new JsonObject { ["cwd"] = _settings.WorkingDirectory };
            if (_settings.Model is not null)
            {
                config["model"] = _settings.Model;
            }

            var options = new CodeSessionBridgeOptions
            {
                Title = name ?? (_firstPrompt is null ? $"repl-{Guid.NewGuid().ToString("N")[..8]}" : RemoteSessionRequest.Title(_firstPrompt)),
                Tags = _settings.OutboundOnly ? ["tether-repl", "ccr-mirror"] : ["tether-repl"],
                Config = JsonFields.Parse(config.ToJsonString()),
            };
            var started = await CodeSessionBridge.StartAsync(new ApiTransport(login.Server, login.Token), options, _host.Time, cancellationToken);
            if (!started.Ok)
            {
                _renderer.Error($"Remote Control could not start: {ApiFailure.Describe(started.Error, login)}");
                return;
            }

            var bridge = started.Value;
            bridge.StateChanged += OnMirrorStateChanged;
            await FlushHistoryAsync(bridge, cancellationToken);
            var mirror = new RemoteMirror(bridge, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
            mirror.Inbound = PumpRemoteAsync(mirror, mirror.Stop.Token);
            Volatile.Write(ref _mirror, mirror);
            _renderer.Notice($"Remote Control on: session {bridge.CompatSessionId} on {login.Display}"
                + (_settings.OutboundOnly ? " (outbound only: the web can watch, not act)" : "") + ". /remote-control again disconnects.");
        }
        finally
        {
            _mirrorGate.Release();
        }
    }

    private async Task StopMirrorAsync(CancellationToken cancellationToken)
    {
        await _mirrorGate.WaitAsync(cancellationToken);
        try
        {
            // Cleared before closing, so nothing uploads into a mirror that is going away.
            var mirror = Interlocked.Exchange(ref _mirror, null);
            if (mirror is null)
            {
                return;
            }

            await mirror.Stop.CancelAsync();
            await Quietly(mirror.Inbound);
            var failed = mirror.Bridge.State == CodeSessionBridgeState.Failed;
            await mirror.Bridge.CloseAsync(cancellationToken);
            mirror.Stop.Dispose();
            if (!failed)
            {
                _renderer.Notice("Remote Control off: the session was archived.");
            }
        }
        finally
        {
            _mirrorGate.Release();
        }
    }

    /// <summary>Uploads one agent or local message and the worker status it implies.</summary>
    private async Task UploadAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _mirror) is not { } mirror || mirror.Bridge.State == CodeSessionBridgeState.Failed)
        {
            return;
        }

        var bridge = mirror.Bridge;
        var written = await bridge.WriteAsync([MirrorRules.Stamp(message, bridge.SessionId)], cancellationToken);
        if (!written.Ok)
        {
            _renderer.Warning($"Remote Control did not take an event ({written.Status}).");
            return;
        }

        if (JsonFields.Type(message) == "control_request" && JsonFields.RequestId(message) is { } requestId && JsonFields.Object(message, "request") is { } request)
        {
            await bridge.ReportStateAsync("requires_action", MirrorRules.RequiresAction(requestId, request), cancellationToken);
        }
        else if (MirrorRules.StatusAfter(message) is { } status)
        {
            await bridge.ReportStateAsync(status, null, cancellationToken);
        }
    }

    /// <summary>The conversation so far, in one upload; prompts already answered are left out so they do not reopen.</summary>
    private async Task FlushHistoryAsync(CodeSessionBridge bridge, CancellationToken cancellationToken)
    {
        List<JsonElement> history;
        lock (_history)
        {
            history = [.. _history];
        }

        var open = _prompts.Snapshot().Select(p => p.RequestId).ToHashSet();
        var batch = history
            .Where(m => JsonFields.Type(m) != "control_request" || (JsonFields.RequestId(m) is { } id && open.Contains(id)))
            .Select(m => MirrorRules.Stamp(m, bridge.SessionId))
            .ToList();
        foreach (var chunk in batch.Chunk(100))
        {
            await bridge.WriteAsync(chunk, cancellationToken);
        }

        var status = open.Count > 0 ? "requires_action" : _turnInFlight ? "running" : "idle";
        await bridge.ReportStateAsync(status, null, cancellationToken);
    }

    private void OnMirrorStateChanged(CodeSessionBridgeState state, string? detail)
    {
        switch (state)
        {
            case CodeSessionBridgeState.Reconnecting:
                _renderer.Notice($"Remote Control reconnecting ({detail})…");
                break;
            case CodeSessionBridgeState.Failed:
                _renderer.Error($"Remote Control stopped: {detail}. /remote-control starts a new session.");
                break;
        }
    }
}
