using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>
/// <c>tether agent</c>: a stand-in for <c>claude -p --input-format stream-json --output-format stream-json</c> that
/// has no model. Each user prompt becomes one Bash tool call, permission-checked over stdio like claude's
/// <c>--permission-prompt-tool stdio</c>. The input loop keeps reading while a turn runs, so permission answers,
/// interrupts and other control requests are handled at any time.
/// </summary>
internal sealed class BuiltinAgent(BuiltinAgentOptions options, TimeProvider timeProvider)
{
    private const int PromptQueueCapacity = 64;
    private const string StdinClosed = "Tool permission request failed: the permission stream (stdin) closed before a response arrived.";

    private readonly AgentMessages _messages = new(options.SessionId, timeProvider);
    private readonly PermissionGate _gate = new();
    private readonly PermissionPolicy _policy = new(options.PermissionMode);
    private readonly HashSet<string> _seenUserUuids = new(StringComparer.Ordinal);

    /// <summary>Runs until <paramref name="input"/> ends and every queued prompt has finished.</summary>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        using var writer = new AgentOutput(output);
        var turns = new TurnRunner(options, writer, _messages, _gate, _policy, timeProvider);
        var prompts = Channel.CreateBounded<UserPrompt>(new BoundedChannelOptions(PromptQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

        await writer.WriteAsync(_messages.Init(options.WorkingDirectory, _policy.Mode), cancellationToken);
        await Task.WhenAll(
            ReadInputThenCloseAsync(input, writer, turns, prompts.Writer, cancellationToken),
            RunPromptsAsync(prompts.Reader, turns, cancellationToken));
    }

    private static async Task RunPromptsAsync(ChannelReader<UserPrompt> prompts, TurnRunner turns, CancellationToken cancellationToken)
    {
        await foreach (var prompt in prompts.ReadAllAsync(cancellationToken))
        {
            await turns.RunAsync(prompt, cancellationToken);
        }
    }

    private async Task ReadInputThenCloseAsync(
        Stream input, AgentOutput writer, TurnRunner turns, ChannelWriter<UserPrompt> prompts, CancellationToken cancellationToken)
    {
        try
        {
            var lines = new NdjsonLineReader(PipeReader.Create(input), options.MaxLineBytes);
            while (await lines.ReadAsync(cancellationToken) is { Kind: not LineReadKind.End } line)
            {
                if (line.Kind == LineReadKind.TooLong)
                {
                    await writer.WriteAsync(_messages.InputError($"Ignored an input line longer than {options.MaxLineBytes} bytes."), cancellationToken);
                    continue;
                }

                await HandleLineAsync(line.Text, writer, turns, prompts, cancellationToken);
            }
        }
        finally
        {
            // Queued prompts still run after stdin ends (as with claude), but nobody can answer a permission prompt any more.
            prompts.TryComplete();
            _gate.Close(StdinClosed);
        }
    }

    private async Task HandleLineAsync(string line, AgentOutput writer, TurnRunner turns, ChannelWriter<UserPrompt> prompts, CancellationToken cancellationToken)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException ex)
        {
            await writer.WriteAsync(_messages.InputError($"Ignored a malformed input line: {ex.Message}"), cancellationToken);
            return;
        }

        switch ((string?)message?["type"])
        {
            case "user":
                await AcceptUserMessageAsync(message!, writer, prompts, cancellationToken);
                break;
            case "control_request":
                await writer.WriteAsync(await AnswerControlRequestAsync(message!, turns), cancellationToken);
                break;
            case "control_response" when message!["response"] is JsonObject response:
                _gate.TryAnswer(response);
                break;
            case "keep_alive" or "update_environment_variables" or "control_cancel_request":
                break;
            default:
                await writer.WriteAsync(_messages.InputError("Ignored an input line that is not a known stream-json message."), cancellationToken);
                break;
        }
    }

    private async Task AcceptUserMessageAsync(JsonObject message, AgentOutput writer, ChannelWriter<UserPrompt> prompts, CancellationToken cancellationToken)
    {
        var prompt = UserPrompt.From(message);
        var isNew = prompt.Uuid is null || _seenUserUuids.Add(prompt.Uuid);
        if (options.ReplayUserMessages)
        {
            await writer.WriteAsync(_messages.Replay(message), cancellationToken);
        }

        // A repeated uuid is a re-delivery after a reconnect; running it again would run the command twice.
        if (isNew && !prompts.TryWrite(prompt))
        {
            await writer.WriteAsync(_messages.InputError($"Dropped a prompt: more than {PromptQueueCapacity} prompts are queued."), cancellationToken);
        }
    }

    private async Task<JsonObject> AnswerControlRequestAsync(JsonObject message, TurnRunner turns)
    {
        var requestId = (string?)message["request_id"] ?? "";
        var request = message["request"] as JsonObject;
        var subtype = (string?)request?["subtype"] ?? "";
        switch (subtype)
        {
            case "initialize":
                return AgentMessages.ControlSuccess(requestId, InitializeResponse());
            case "interrupt":
                await turns.InterruptAsync();
                return AgentMessages.ControlSuccess(requestId, []);
            case "set_permission_mode":
                var mode = (string?)request?["mode"] ?? "";
                return _policy.TrySetMode(mode)
                    ? AgentMessages.ControlSuccess(requestId, new JsonObject { ["mode"] = mode })
                    : AgentMessages.ControlError(requestId, $"Invalid permission mode: {mode}");
            case "set_model" or "set_max_thinking_tokens":
                return AgentMessages.ControlSuccess(requestId, []);
            default:
                return AgentMessages.ControlError(requestId, $"Unsupported control request subtype: {subtype}", "unsupported_request");
        }
    }

    private static JsonObject InitializeResponse() => new()
    {
        ["commands"] = new JsonArray(),
        ["output_style"] = "default",
        ["available_output_styles"] = new JsonArray("default"),
        ["models"] = new JsonArray(new JsonObject
        {
            ["value"] = AgentMessages.Model,
            ["displayName"] = "Tether built-in (no AI)",
            ["description"] = AgentMessages.Notice,
        }),
        ["account"] = new JsonObject(),
        ["pid"] = Environment.ProcessId,
    };
}
