using System.CommandLine;
using Tether.Bridge;
using Tether.Bridge.Agents;
using Tether.Cli.Bridging;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether bridge</c> (aliases <c>remote-control</c>, <c>rc</c>): registers this directory with a Tether server, polls
/// for sessions and runs one agent per session. Exit codes: 0 stopped, 1 fatal (login, policy, version: fix and
/// restart), 2 the server stayed unreachable (a supervisor may restart), 64 bad usage.
/// </summary>
internal sealed class BridgeCommand : Command
{
    private static readonly Option<string?> s_server = new("--server") { Description = "The Tether server (default: $TETHER_SERVER)" };
    private static readonly Option<string?> s_token = new("--token") { Description = "An API token (default: $TETHER_TOKEN, then your `tether login`)" };
    private static readonly Option<string?> s_name = new("--name") { Description = "The name this environment shows (default: the machine name)" };

    private static readonly Option<string> s_spawn = new("--spawn")
    {
        Description = "single-session (exit when it ends), worktree (a git worktree per session) or same-dir",
        DefaultValueFactory = _ => "same-dir",
    };

    private static readonly Option<int?> s_capacity = new("--capacity") { Description = "Sessions at once (default 32; not with single-session)" };
    private static readonly Option<string?> s_agent = new("--agent") { Description = "claude, builtin or a command line (default: claude if installed, else builtin)" };
    private static readonly Option<string?> s_permissionMode = new("--permission-mode") { Description = "The agent's starting permission mode" };

    private static readonly Option<int> s_sessionTimeout = new("--session-timeout")
    {
        Description = "Kill a session after this many seconds (0: never)",
        DefaultValueFactory = _ => 86400,
    };

    private static readonly Option<bool> s_sandbox = new("--sandbox") { Description = "Run the agent in its sandbox (CLAUDE_CODE_FORCE_SANDBOX=1)" };
    private static readonly Option<string?> s_debugFile = new("--debug-file") { Description = "Write a debug log (secrets redacted) to this file" };
    private static readonly Option<bool> s_verbose = new("--verbose", "-v") { Description = "Log to the terminal instead of the status view" };
    private static readonly Option<bool> s_continue = new("--continue", "-c") { Description = "Reconnect the last session of this directory (from the last 4 hours)" };
    private static readonly Option<bool> s_yes = new("--yes", "-y") { Description = "Do not ask before enabling Remote Control for this directory" };

    public BridgeCommand()
        : base("bridge", "Run agents for this directory on request from a Tether server (Remote Control)")
    {
        Aliases.Add("remote-control");
        Aliases.Add("rc");
        s_spawn.AcceptOnlyFromAmong("single-session", "worktree", "same-dir");
        foreach (var option in new Option[] { s_server, s_token, s_name, s_spawn, s_capacity, s_agent, s_permissionMode, s_sessionTimeout, s_sandbox, s_debugFile, s_verbose, s_continue, s_yes })
        {
            Options.Add(option);
        }

        SetAction(RunAsync);
    }

    /// <summary>Picks the agent: an explicit one, else claude when it is on PATH, else the built-in agent with a notice.</summary>
    public static (AgentSpec Agent, string? Notice) ChooseAgent(string? requested, AgentHost host)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return (AgentSpec.Parse(requested), null);
        }

        return host.FindOnPath("claude") is not null
            ? (AgentSpec.Claude, null)
            : (AgentSpec.Builtin, "claude is not installed, so sessions use the built-in agent. No AI: it runs each prompt as a shell command, after you approve it.");
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var mode = parse.GetRequiredValue(s_spawn) switch
        {
            "single-session" => SpawnMode.SingleSession,
            "worktree" => SpawnMode.Worktree,
            _ => SpawnMode.SameDir,
        };
        var capacity = parse.GetValue(s_capacity);
        if (capacity is not null && (mode == SpawnMode.SingleSession || capacity < 1))
        {
            await Console.Error.WriteLineAsync(mode == SpawnMode.SingleSession ? "--capacity cannot be used with --spawn single-session." : "--capacity must be at least 1.");
            return ExitCodes.Usage;
        }

        var timeout = parse.GetValue(s_sessionTimeout);
        if (timeout < 0)
        {
            await Console.Error.WriteLineAsync("--session-timeout must be 0 (never) or a number of seconds.");
            return ExitCodes.Usage;
        }

        var serverText = parse.GetValue(s_server) ?? Environment.GetEnvironmentVariable("TETHER_SERVER");
        if (string.IsNullOrWhiteSpace(serverText) || !Uri.TryCreate(serverText.Trim(), UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync("No server: pass --server URL (http or https) or set TETHER_SERVER.");
            return ExitCodes.Usage;
        }

        var token = parse.GetValue(s_token) ?? Environment.GetEnvironmentVariable("TETHER_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            await Console.Error.WriteLineAsync($"Not logged in to {server}: run `tether login --server {server}`, or pass --token or set TETHER_TOKEN.");
            return ExitCodes.Fatal;
        }

        var (agent, notice) = ChooseAgent(parse.GetValue(s_agent), AgentHost.Current());
        if (notice is not null)
        {
            await Console.Error.WriteLineAsync(notice);
        }

        var settings = new BridgeSettings
        {
            Server = server,
            Token = token.Trim(),
            Directory = Environment.CurrentDirectory,
            Name = parse.GetValue(s_name),
            Mode = mode,
            Capacity = capacity ?? 32,
            Agent = agent,
            PermissionMode = parse.GetValue(s_permissionMode),
            SessionTimeout = TimeSpan.FromSeconds(timeout),
            Sandbox = parse.GetValue(s_sandbox),
            DebugFile = parse.GetValue(s_debugFile),
            Verbose = parse.GetValue(s_verbose),
            Continue = parse.GetValue(s_continue),
            Yes = parse.GetValue(s_yes),
        };
        return await BridgeLauncher.RunAsync(settings, runPreflight: true, cancellationToken);
    }
}
