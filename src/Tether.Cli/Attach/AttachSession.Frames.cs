using System.Text.Json;
using Tether.Cli.Conversation;

namespace Tether.Cli.Attach;

/// <summary>What each inbound frame does to the screen and to the open prompts.</summary>
internal sealed partial class AttachSession
{
    // Control requests clients send (ours and other viewers' come back on the stream); only the agent's need an answer.
    private static readonly HashSet<string> s_clientSubtypes =
        ["interrupt", "set_permission_mode", "set_model", "set_max_thinking_tokens", "stop_task", "rename_session"];

    private void HandleFrame(JsonElement frame)
    {
        var seq = JsonFields.Int64(frame, "sequence_num");
        var history = seq is { } s && s <= _settings.HistoryEnd;
        switch (JsonFields.Type(frame))
        {
            case "control_request" when JsonFields.Object(frame, "request") is { } request && JsonFields.RequestId(frame) is { } requestId:
                var subtype = JsonFields.String(request, "subtype");
                if (subtype == "can_use_tool")
                {
                    if (_prompts.Add(requestId, request) && !history)
                    {
                        _renderer.PermissionPrompt(request, canAnswer: !_settings.Viewer);
                    }
                }
                else if (!history && !_settings.Viewer && !s_clientSubtypes.Contains(subtype ?? ""))
                {
                    // The agent waits for every control request to be answered; this client cannot handle this one.
                    _unsupported.Writer.TryWrite((requestId, subtype ?? "?"));
                }

                break;
            case "control_response":
            case "control_cancel_request":
                if (JsonFields.RequestId(frame) is { } answeredId && !AnsweredHere(answeredId) && _prompts.Remove(answeredId) && !history)
                {
                    _renderer.Notice($"Permission prompt answered elsewhere{Decision(frame)}.");
                }

                break;
            case "result":
                _prompts.Clear();
                _renderer.Render(frame);
                _turnInFlight = false;
                if (_exitWhenIdle)
                {
                    Exit(ExitCodes.Ok);
                }

                break;
            case "user":
                if (HumanPrompt(frame) is { } text)
                {
                    _renderer.UserPrompt(text);
                }
                else
                {
                    _renderer.Render(frame);
                }

                break;
            case "session_update":
                if (JsonFields.String(frame, "session_status") == "archived")
                {
                    _renderer.Notice("The session was archived.");
                    Exit(ExitCodes.Ok);
                }

                break;
            default:
                _renderer.Render(frame);
                break;
        }

        if (!_caughtUp && seq >= _settings.HistoryEnd)
        {
            _caughtUp = true;
            foreach (var (_, open) in _prompts.Snapshot())
            {
                _renderer.PermissionPrompt(open, canAnswer: !_settings.Viewer);
            }
        }
    }

    private bool AnsweredHere(string requestId)
    {
        lock (_answeredHere)
        {
            return _answeredHere.Contains(requestId);
        }
    }

    private static string Decision(JsonElement frame) =>
        JsonFields.Object(frame, "response") is { } outer && JsonFields.Object(outer, "response") is { } inner
        && JsonFields.String(inner, "behavior") is { } behavior ? $" ({behavior})" : "";

    /// <summary>The text of a prompt someone typed in another client; null for tool results, replays and our own echoes.</summary>
    private string? HumanPrompt(JsonElement frame)
    {
        if (JsonFields.Bool(frame, "isReplay") || JsonFields.Bool(frame, "isSynthetic") || _echoes.Contains(JsonFields.String(frame, "uuid"))
            || JsonFields.Object(frame, "message") is not { } message)
        {
            return null;
        }

        if (JsonFields.String(message, "content") is { } text)
        {
            return text;
        }

        var blocks = JsonFields.Items(message, "content").ToList();
        if (blocks.Count == 0 || blocks.Any(b => JsonFields.Type(b) == "tool_result"))
        {
            return null;
        }

        return string.Join('\n', blocks.Select(b => JsonFields.String(b, "text")).Where(t => !string.IsNullOrEmpty(t)));
    }
}
