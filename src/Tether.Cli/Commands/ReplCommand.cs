using System.CommandLine;
using Tether.Bridge.Agents;
using Tether.Cli.Connection;
using Tether.Cli.Repl;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether repl</c>: the agent in this terminal. <c>--remote-control [NAME]</c> (or <c>/remote-control</c> later) mirrors
/// it to the server so the web app can watch, prompt, approve and interrupt; <c>--outbound-only</c> lets it only watch.
/// </summary>
internal sealed class ReplCommand : Command, IHandlesInterrupts
{
    private static readonly Option<string?> s_agent = new("--agent") { Description = "claude, builtin or a command (default: claude if installed, else builtin)" };
    private static readonly Option<string?> s_remoteControl = new("--remote-control")
    {
        Description = "Mirror this session to the server from the start, optionally named",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> s_outboundOnly = new("--outbound-only") { Description = "Mirror without accepting prompts, answers or control from the server" };
    private static readonly Option<string?> s_model = new("--model") { Description = "Model for the agent" };
    private static readonly Option<string?> s_permissionMode = new("--permission-mode") { Description = "The agent's permission mode" };

    private readonly CliHost _host;

    public ReplCommand(CliHost host)
        : base("repl", "Run the agent in this terminal; /remote-control mirrors it to the server")
    {
        _host = host;
        Options.Add(s_agent);
        Options.Add(s_remoteControl);
        Options.Add(s_outboundOnly);
        Options.Add(s_model);
        Options.Add(s_permissionMode);
        ConnectionOptions.AddTo(this);
        SetAction(RunAsync);
    }

    /// <summary>
    /// Ctrl+C in the terminal signals the whole foreground process group, which would kill the agent too; here Ctrl+C
    /// means "interrupt the turn", sent over stdin. So the agent starts in a session of its own (<c>setsid</c> execs in
    /// place, keeping the pid) where that is available.
    /// </summary>
    private AgentStartInfo OwnSession(AgentStartInfo start) =>
        OperatingSystem.IsWindows() || _host.Agents.FindOnPath("setsid") is not { } setsid
            ? start
            : start with { FileName = setsid, Arguments = [start.FileName, .. start.Arguments] };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = new ReplSettings
        {
            Agent = parse.GetValue(s_agent) is { } agentValue ? AgentSpec.Parse(agentValue)
                : _host.Agents.FindOnPath("claude") is null ? AgentSpec.Builtin : AgentSpec.Claude,
            WorkingDirectory = _host.CurrentDirectory,
            Model = parse.GetValue(s_model),
            PermissionMode = parse.GetValue(s_permissionMode),
            RemoteControl = parse.GetResult(s_remoteControl) is not null,
            RemoteName = parse.GetValue(s_remoteControl),
            OutboundOnly = parse.GetValue(s_outboundOnly),
        };
        var launch = AgentCommandLine.Build(
            new AgentLaunchRequest(settings.Agent, settings.WorkingDirectory, settings.Model, settings.PermissionMode), _host.Agents);
        if (launch.StartInfo is null)
        {
            await _host.Error.WriteLineAsync($"Cannot start the agent: {launch.Error}");
            return ExitCodes.Fatal;
        }

        // The bridge's launch rules hide the user's own credentials from a server-driven child; here the user drives.
        var environment = launch.StartInfo.Environment
            .Where(e => e.Key is not (AgentCommandLine.OAuthTokenVariable or AgentCommandLine.EnvironmentKindVariable))
            .ToDictionary(e => e.Key, e => e.Value);
        await using var agent = AgentProcess.Start(OwnSession(launch.StartInfo with { Environment = environment }), timeProvider: _host.Time);
        if (!agent.Started)
        {
            await _host.Error.WriteLineAsync((await agent.Completion).Error ?? "The agent did not start.");
            return ExitCodes.Fatal;
        }

        await _host.Out.WriteLineAsync($"tether repl · {settings.Agent.Kind.ToString().ToLowerInvariant()} in {settings.WorkingDirectory} · "
            + "/remote-control mirrors to the server · Ctrl+C interrupts, twice exits · /quit leaves");
        var resolver = new LoginResolver(_host);
        return await new ReplSession(agent, settings, _host, ct => resolver.ResolveAsync(parse, ct)).RunAsync(cancellationToken);
    }
}
