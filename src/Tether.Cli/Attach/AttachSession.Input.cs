using Tether.Cli.Connection;
using Tether.Cli.Conversation;

namespace Tether.Cli.Attach;

/// <summary>Typed lines: answers to the oldest open prompt, or prompts posted to the session.</summary>
internal sealed partial class AttachSession
{
    private async Task ReadInputAsync(StuckDetector stuck, CancellationToken cancellationToken)
    {
        var toldViewer = false;
        while (await _host.In.ReadLineAsync(cancellationToken) is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (_settings.Viewer)
            {
                if (!toldViewer)
                {
                    _renderer.Notice("Viewer mode is read-only; press Ctrl+C to leave.");
                    toldViewer = true;
                }

                continue;
            }

            if (line is "/quit" or "/exit")
            {
                Exit(ExitCodes.Ok);
                return;
            }

            if (_prompts.TryPeekOldest(out var requestId, out var request))
            {
                if (PermissionAnswers.Parse(line) is not { } choice)
                {
                    _renderer.Notice($"Answer the permission prompt first: {PermissionAnswers.Hint}");
                    continue;
                }

                await AnswerAsync(requestId, request, choice, cancellationToken);
            }
            else if (line == "/interrupt")
            {
                await InterruptAsync(cancellationToken);
            }
            else
            {
                await SendPromptAsync(line, stuck, cancellationToken);
            }
        }

        // End of input: leave now, or once the turn in flight has its result (so `echo prompt | tether attach` works).
        if (!_settings.Viewer)
        {
            _exitWhenIdle = true;
            if (!_turnInFlight)
            {
                Exit(ExitCodes.Ok);
            }
        }
    }

    private async Task SendPromptAsync(string text, StuckDetector stuck, CancellationToken cancellationToken)
    {
        var uuid = Guid.NewGuid().ToString();
        _echoes.Add(uuid);
        stuck.Arm();
        if (!_host.InputIsTerminal)
        {
            _renderer.UserPrompt(text);
        }

        _turnInFlight = true;
        var result = await _sessions.PostEventsAsync(_settings.SessionId, [Element(ClientMessages.User(text, uuid, _settings.SessionId))], cancellationToken);
        if (!result.Ok)
        {
            _turnInFlight = false;
            stuck.Disarm();
            _renderer.Error($"The prompt was not sent: {ApiFailure.Describe(result.Error, _login)}");
        }
    }

    private async Task AnswerAsync(string requestId, System.Text.Json.JsonElement request, PermissionChoice choice, CancellationToken cancellationToken)
    {
        lock (_answeredHere)
        {
            _answeredHere.Add(requestId);
        }

        var json = ClientMessages.PermissionResponse(requestId, choice, request, Guid.NewGuid().ToString());
        var result = await _sessions.PostEventsAsync(_settings.SessionId, [Element(json)], cancellationToken);
        _prompts.Remove(requestId);
        if (result.Ok)
        {
            _renderer.Notice(choice switch
            {
                PermissionChoice.Deny => "Denied.",
                PermissionChoice.Always => "Allowed (and remembered).",
                _ => "Allowed.",
            });
        }
        else if (result.Error.Status == 409)
        {
            _renderer.Notice("That prompt was already answered elsewhere.");
        }
        else
        {
            _renderer.Error($"The answer was not sent: {ApiFailure.Describe(result.Error, _login)}");
        }
    }

    private async Task InterruptAsync(CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        var json = ClientMessages.ControlRequest(requestId, "interrupt", uuid: Guid.NewGuid().ToString());
        var result = await _sessions.PostEventsAsync(_settings.SessionId, [Element(json)], cancellationToken);
        if (!result.Ok)
        {
            _renderer.Error($"The interrupt was not sent: {ApiFailure.Describe(result.Error, _login)}");
        }
    }
}
