using Tether.Cli.Conversation;

namespace Tether.Cli.Repl;

/// <summary>Typed lines: prompts, permission answers and the REPL's slash commands.</summary>
internal sealed partial class ReplSession
{
    private async Task ReadInputAsync(CancellationToken cancellationToken)
    {
        while (await _host.In.ReadLineAsync(cancellationToken) is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line is "/quit" or "/exit")
            {
                Exit(ExitCodes.Ok);
                return;
            }

            if (line == "/remote-control" || line.StartsWith("/remote-control ", StringComparison.Ordinal))
            {
                var name = line.Length > "/remote-control".Length ? line["/remote-control".Length..].Trim() : null;
                var wasActive = MirrorActive;
                // Toggles; a mirror that failed is cleaned up and replaced by a new one.
                var failed = Volatile.Read(ref _mirror)?.Bridge.State == Client.CodeSessions.CodeSessionBridgeState.Failed;
                if (MirrorActive)
                {
                    await StopMirrorAsync(cancellationToken);
                }

                if (!MirrorActive && (failed || !wasActive))
                {
                    await StartMirrorAsync(string.IsNullOrEmpty(name) ? null : name, cancellationToken);
                }

                continue;
            }

            if (_prompts.TryPeekOldest(out var requestId, out var request))
            {
                if (PermissionAnswers.Parse(line) is not { } choice)
                {
                    _renderer.Notice($"Answer the permission prompt first: {PermissionAnswers.Hint}");
                    continue;
                }

                await AnswerLocallyAsync(requestId, request, choice, cancellationToken);
                continue;
            }

            await SendPromptAsync(line, cancellationToken);
        }

        _exitWhenIdle = true;
        if (!_turnInFlight)
        {
            Exit(ExitCodes.Ok);
        }
    }

    private async Task SendPromptAsync(string text, CancellationToken cancellationToken)
    {
        _firstPrompt ??= text;
        if (!_host.InputIsTerminal)
        {
            _renderer.UserPrompt(text);
        }

        var message = JsonFields.Parse(ClientMessages.User(text, Guid.NewGuid().ToString(), ""));
        _turnInFlight = true;
        if (!await _agent.WriteLineAsync(message.GetRawText(), cancellationToken))
        {
            _renderer.Error("The agent is not running.");
            return;
        }

        Remember(message);
        await UploadAsync(message, cancellationToken);
    }

    /// <summary>Answered here first: the agent gets the answer and the web's copy of the prompt is withdrawn.</summary>
    private async Task AnswerLocallyAsync(string requestId, System.Text.Json.JsonElement request, PermissionChoice choice, CancellationToken cancellationToken)
    {
        if (!_prompts.Remove(requestId))
        {
            return;
        }

        await _agent.WriteLineAsync(ClientMessages.PermissionResponse(requestId, choice, request, uuid: null), cancellationToken);
        _renderer.Notice(choice == PermissionChoice.Deny ? "Denied." : "Allowed.");
        await UploadAsync(JsonFields.Parse(ClientMessages.ControlCancel(requestId)), cancellationToken);
    }
}
