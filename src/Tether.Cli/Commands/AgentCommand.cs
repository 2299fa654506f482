using System.CommandLine;
using Tether.Bridge.Agents.Builtin;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether agent</c>: the built-in agent (no AI), speaking claude's stream-json on stdin/stdout. It accepts the
/// flags the bridge passes to <c>claude</c>, so either agent starts with the same argument list.
/// </summary>
internal sealed class AgentCommand : Command
{
    private const string StreamJson = "stream-json";

    private static readonly Option<string?> s_cwd = new("--cwd") { Description = "Directory the commands run in (default: the current directory)" };

    private static readonly Option<string> s_permissionMode = OneOf(
        "--permission-mode", "Starting permission mode; bypassPermissions runs commands without asking", PermissionModes.Default, [.. PermissionModes.All]);

    private static readonly Option<string?> s_sessionId = new("--session-id") { Description = "Session id to report (default: a new UUID)" };

    private static readonly Option<bool> s_replayUserMessages = new("--replay-user-messages")
    {
        Description = "Echo each user message read from stdin back on stdout (isReplay: true)",
    };

    // Accepted for claude compatibility; the built-in agent always behaves as if they were given.
    private static readonly Option<bool> s_print = new("--print", "-p") { Description = "Accepted for claude compatibility (always on)" };
    private static readonly Option<bool> s_verbose = new("--verbose") { Description = "Accepted for claude compatibility (always on)" };
    private static readonly Option<string?> s_model = new("--model") { Description = "Accepted for claude compatibility (ignored)" };
    private static readonly Option<string> s_inputFormat = OneOf("--input-format", "Accepted for claude compatibility; only stream-json is supported", StreamJson, StreamJson);
    private static readonly Option<string> s_outputFormat = OneOf("--output-format", "Accepted for claude compatibility; only stream-json is supported", StreamJson, StreamJson);
    private static readonly Option<string> s_permissionPromptTool = OneOf(
        "--permission-prompt-tool", "Accepted for claude compatibility: permission prompts always go over stdio", "stdio", "stdio");

    public AgentCommand()
        : base("agent", "The built-in agent (no AI): runs each prompt as a shell command behind a permission prompt, over stream-json stdio")
    {
        Options.Add(s_cwd);
        Options.Add(s_permissionMode);
        Options.Add(s_sessionId);
        Options.Add(s_replayUserMessages);
        Options.Add(s_print);
        Options.Add(s_verbose);
        Options.Add(s_model);
        Options.Add(s_inputFormat);
        Options.Add(s_outputFormat);
        Options.Add(s_permissionPromptTool);
        SetAction(RunAsync);
    }

    private static Option<string> OneOf(string name, string description, string defaultValue, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var cwd = Path.GetFullPath(parse.GetValue(s_cwd) ?? Environment.CurrentDirectory);
        if (!Directory.Exists(cwd))
        {
            await Console.Error.WriteLineAsync($"tether agent: --cwd {cwd} does not exist");
            return ExitCodes.Usage;
        }

        var options = new BuiltinAgentOptions
        {
            WorkingDirectory = cwd,
            PermissionMode = parse.GetRequiredValue(s_permissionMode),
            SessionId = parse.GetValue(s_sessionId) ?? Guid.NewGuid().ToString(),
            ReplayUserMessages = parse.GetValue(s_replayUserMessages),
        };
        await using var stdin = Console.OpenStandardInput();
        await using var stdout = Console.OpenStandardOutput();
        try
        {
            await new BuiltinAgent(options, TimeProvider.System).RunAsync(stdin, stdout, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGINT/SIGTERM: the running command was killed on the way out.
        }

        return ExitCodes.Ok;
    }
}
