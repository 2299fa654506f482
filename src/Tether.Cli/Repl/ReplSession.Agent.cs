using Tether.Bridge.Agents;
using Tether.Cli.Conversation;

namespace Tether.Cli.Repl;

/// <summary>The agent's stdout: rendered here and, while mirrored, uploaded.</summary>
internal sealed partial class ReplSession
{
    private async Task PumpAgentAsync(CancellationToken cancellationToken)
    {
        await foreach (var output in _agent.Output.ReadAllAsync(cancellationToken))
        {
            if (output.Kind != AgentOutputKind.Line)
            {
                _renderer.Warning(output.Kind == AgentOutputKind.LineTooLong ? "The agent wrote a line too long to read." : $"The agent wrote: {ToolText.Truncate(output.Text, 200)}");
                continue;
            }

            var message = JsonFields.Parse(output.Text);
            switch (JsonFields.Type(message))
            {
                case "control_request" when JsonFields.Object(message, "request") is { } request && JsonFields.RequestId(message) is { } requestId:
                    if (JsonFields.String(request, "subtype") == "can_use_tool" && _prompts.Add(requestId, request))
                    {
                        _renderer.PermissionPrompt(request, canAnswer: true);
                    }

                    break;
                case "control_response":
                    await RelayControlResponseAsync(message, cancellationToken);
                    break;
                case "result":
                    _prompts.Clear();
                    _renderer.Render(message);
                    _turnInFlight = false;
                    if (_exitWhenIdle)
                    {
                        Exit(ExitCodes.Ok);
                    }

                    break;
                case "user" when JsonFields.Bool(message, "isReplay"):
                    break;
                default:
                    _renderer.Render(message);
                    break;
            }

            if (MirrorRules.IsMirrored(message))
            {
                Remember(message);
                await UploadAsync(message, cancellationToken);
            }
        }

        // The agent is gone: nothing more can happen in this session. (When we stopped it, the exit code is already set.)
        var exited = await _agent.Completion;
        if (exited.Status == AgentExitStatus.Failed && !_exit.Task.IsCompleted)
        {
            _renderer.Error($"The agent failed: {exited.Error ?? $"exit code {exited.ExitCode}"}");
            _renderer.WriteLines(exited.StderrTail.Select(l => "  " + l));
            Exit(ExitCodes.Fatal);
            return;
        }

        _renderer.Notice("The agent exited.");
        Exit(ExitCodes.Ok);
    }
}
