using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>
/// One prompt, start to <c>result</c>: announce a Bash tool call, ask for permission over stdio unless pre-approved,
/// run the command, report its output. The same message sequence claude produces for a single Bash call.
/// </summary>
internal sealed class TurnRunner(
    BuiltinAgentOptions options,
    AgentOutput output,
    AgentMessages messages,
    PermissionGate gate,
    PermissionPolicy policy,
    TimeProvider timeProvider)
{
    private const string InterruptedMarker = "[Request interrupted by user for tool use]";

    private readonly BuiltinAgentOptions _options = options;
    private readonly AgentOutput _output = output;
    private readonly AgentMessages _messages = messages;
    private readonly PermissionGate _gate = gate;
    private readonly PermissionPolicy _policy = policy;
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly ShellCommand _shell = new(options, timeProvider);
    private readonly Lock _lock = new();
    private CancellationTokenSource? _current;

    /// <summary>Ends the running turn, if any; between turns this does nothing, as with claude.</summary>
    public async Task InterruptAsync()
    {
        CancellationTokenSource? current;
        lock (_lock)
        {
            current = _current;
        }

        try
        {
            if (current is not null)
            {
                await current.CancelAsync();
            }
        }
        catch (ObjectDisposedException)
        {
            // The turn finished between the lookup and the cancel: nothing left to interrupt.
        }
    }

    public async Task RunAsync(UserPrompt prompt, CancellationToken stopping)
    {
        using var turn = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        lock (_lock)
        {
            _current = turn;
        }

        try
        {
            await new Turn(this, prompt, turn.Token, stopping).RunAsync();
        }
        finally
        {
            lock (_lock)
            {
                _current = null;
            }
        }
    }

    /// <summary>The state of one turn, so the steps below need no long parameter lists.</summary>
    private sealed class Turn(TurnRunner runner, UserPrompt prompt, CancellationToken interrupt, CancellationToken stopping)
    {
        private readonly long _started = runner._timeProvider.GetTimestamp();
        private readonly string _toolUseId = "toolu_builtin" + Guid.NewGuid().ToString("N")[..20];
        private readonly JsonArray _denials = [];
        private int _assistantMessages;

        public async Task RunAsync()
        {
            if (prompt.Text.Length == 0)
            {
                await FinishAsync("Nothing to run: the prompt has no text.");
                return;
            }

            var input = new JsonObject { ["command"] = prompt.Text, ["description"] = "Run the prompt as a shell command" };
            var toolUse = new JsonObject { ["type"] = "tool_use", ["id"] = _toolUseId, ["name"] = "Bash", ["input"] = input.DeepClone() };
            await WriteAssistantAsync([AgentMessages.TextBlock(AgentMessages.Notice), toolUse]);

            var decision = runner._policy.IsPreApproved(prompt.Text)
                ? new PermissionDecision(true, null, "", false, null)
                : await AskAsync(input);
            if (decision is null)
            {
                await WriteAsync(runner._messages.ToolResult(_toolUseId, "Interrupted before the command ran.", isError: true));
                await EndInterruptedAsync();
                return;
            }

            if (!decision.Allowed)
            {
                _denials.Add(new JsonObject { ["tool_name"] = "Bash", ["tool_use_id"] = _toolUseId, ["tool_input"] = input.DeepClone() });
                await WriteAsync(runner._messages.ToolResult(_toolUseId, decision.Message, isError: true));
                if (decision.Interrupt)
                {
                    await EndInterruptedAsync();
                    return;
                }

                await FinishAsync($"Not run: {decision.Message}");
                return;
            }

            runner._policy.Apply(decision.UpdatedPermissions);
            var command = decision.UpdatedCommand ?? prompt.Text;
            var result = await runner._shell.RunAsync(command, interrupt, stopping);
            await WriteAsync(runner._messages.ToolResult(_toolUseId, ToolResultText(result), isError: result.ExitCode != 0 || result.Interrupted));
            if (result.Interrupted)
            {
                await EndInterruptedAsync();
                return;
            }

            await FinishAsync(result.ExitCode == 0 ? $"`{command}` exited with code 0." : $"`{command}` failed with exit code {result.ExitCode}.");
        }

        private async Task<PermissionDecision?> AskAsync(JsonObject input)
        {
            var requestId = Guid.NewGuid().ToString();
            var answer = runner._gate.Register(requestId);
            await WriteAsync(runner._messages.CanUseTool(requestId, _toolUseId, input));
            try
            {
                return await answer.WaitAsync(interrupt);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Tell every client to dismiss the prompt nobody needs to answer any more.
                runner._gate.Forget(requestId);
                await WriteAsync(AgentMessages.ControlCancel(requestId));
                return null;
            }
        }

        private string ToolResultText(ShellResult result)
        {
            var text = result.Output.Length == 0 && result.ExitCode == 0 ? "(Bash completed with no output)" : result.Output;
            if (result.Truncated)
            {
                text += $"\n[output truncated to {runner._options.MaxOutputBytes} bytes]";
            }

            if (result.Interrupted)
            {
                return text + "\n[Command interrupted]";
            }

            return result.ExitCode == 0 ? text : $"Exit code {result.ExitCode}\n{text}";
        }

        private async Task FinishAsync(string text)
        {
            await WriteAssistantAsync([AgentMessages.TextBlock(text)]);
            await WriteAsync(runner._messages.Result(Summary(text, interrupted: false)));
        }

        private async Task EndInterruptedAsync()
        {
            await WriteAsync(runner._messages.UserText(InterruptedMarker));
            await WriteAsync(runner._messages.Result(Summary(InterruptedMarker, interrupted: true)));
        }

        private TurnSummary Summary(string text, bool interrupted) =>
            new(text, interrupted, _assistantMessages, runner._timeProvider.GetElapsedTime(_started), _denials);

        private async Task WriteAssistantAsync(JsonArray content)
        {
            _assistantMessages++;
            await WriteAsync(runner._messages.Assistant(content));
        }

        private Task WriteAsync(JsonObject message) => runner._output.WriteAsync(message, stopping);
    }
}
