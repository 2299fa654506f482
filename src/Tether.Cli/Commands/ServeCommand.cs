using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using Tether.Bridge.Agents;
using Tether.Cli.DirectConnect;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether serve</c>: direct connect without a central server. Sessions run on this machine and clients reach them
/// over a local WebSocket (<c>tether connect</c>). One server per workspace, guarded by a lock file.
/// </summary>
internal sealed class ServeCommand : Command
{
    private static readonly Option<int> s_port = new("--port") { Description = "Port (0 picks a free one)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> s_host = new("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string?> s_authToken = new("--auth-token") { Description = "Bearer token clients must send (default: a generated one, printed once)" };
    private static readonly Option<string?> s_workspace = new("--workspace") { Description = "Workspace directory (default: the current directory)" };
    private static readonly Option<int> s_maxSessions = new("--max-sessions") { Description = "Live sessions at most (0: no limit)", DefaultValueFactory = _ => 32 };
    private static readonly Option<long> s_idleTimeout = Milliseconds(
        "--idle-timeout", "Stop a detached session after this many ms without a client (0: never)", 600_000);

    private static readonly Option<long> s_pingInterval = Milliseconds(
        "--ping-interval", "Ping each client this many ms apart and drop one that leaves a ping unanswered as long (0: never)", 30_000);

    private static readonly Option<string?> s_agent = new("--agent") { Description = "claude, builtin or a command (default: claude if installed, else builtin)" };

    private readonly CliHost _host;

    public ServeCommand(CliHost host)
        : base("serve", "Serve sessions from this machine over a local WebSocket (direct connect)")
    {
        _host = host;
        Options.Add(s_port);
        Options.Add(s_host);
        Options.Add(s_authToken);
        Options.Add(s_workspace);
        Options.Add(s_maxSessions);
        Options.Add(s_idleTimeout);
        Options.Add(s_pingInterval);
        Options.Add(s_agent);
        SetAction(RunAsync);
    }

    private static Option<long> Milliseconds(string name, string description, long defaultValue)
    {
        var option = new Option<long>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError($"{name} takes a number of milliseconds, 0 or more.");
            }
        });
        return option;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var workspace = Path.GetFullPath(parse.GetValue(s_workspace) ?? _host.CurrentDirectory, _host.CurrentDirectory);
        if (!Directory.Exists(workspace))
        {
            await _host.Error.WriteLineAsync($"--workspace {workspace} does not exist.");
            return ExitCodes.Usage;
        }

        var generated = parse.GetValue(s_authToken) is not { Length: > 0 };
        var settings = new DirectServeSettings
        {
            Host = parse.GetRequiredValue(s_host),
            Port = parse.GetValue(s_port),
            AuthToken = generated ? "tether_cc_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) : parse.GetValue(s_authToken)!,
            Workspace = workspace,
            MaxSessions = parse.GetValue(s_maxSessions),
            IdleTimeout = TimeSpan.FromMilliseconds(parse.GetValue(s_idleTimeout)),
            PingInterval = TimeSpan.FromMilliseconds(parse.GetValue(s_pingInterval)),
            Agent = parse.GetValue(s_agent) is { } agent ? AgentSpec.Parse(agent)
                : _host.Agents.FindOnPath("claude") is null ? AgentSpec.Builtin : AgentSpec.Claude,
        };

        var started = _host.Time.GetUtcNow();
        var (serveLock, holder) = ServeLock.TryAcquire(workspace, new ServeLockInfo(Environment.ProcessId, settings.Port, settings.Host, "", started));
        if (serveLock is null)
        {
            await _host.Error.WriteLineAsync(
                $"Another tether serve (pid {holder?.Pid}) already serves {workspace} at {holder?.HttpUrl}. Stop it first, or pick another --workspace.");
            return ExitCodes.Conflict;
        }

        using (serveLock)
        {
            var index = new SessionIndex(workspace);
            await index.LoadAsync(cancellationToken);
            await using var sessions = new DirectSessionManager(settings, index, _host.Agents, _host.Time);
            await using var server = new DirectConnectServer(settings, sessions, index, _host.Time);
            try
            {
                await server.StartAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                await _host.Error.WriteLineAsync($"Cannot listen on {settings.Host}:{settings.Port}: {ex.Message}");
                return ExitCodes.Fatal;
            }

            var url = server.BaseUrl!.ToString().TrimEnd('/');
            serveLock.Update(new ServeLockInfo(Environment.ProcessId, server.BaseUrl.Port, settings.Host, url, started));
            await _host.Out.WriteLineAsync($"tether serve listening on {url} (workspace {workspace}, agent {settings.Agent.Kind.ToString().ToLowerInvariant()})");
            if (generated)
            {
                await _host.Out.WriteLineAsync($"Auth token (shown once): {settings.AuthToken}");
            }

            await _host.Out.WriteLineAsync($"Connect with: tether connect {url} --token <token>");
            await _host.Out.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _host.Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop listening, then stop every session, then drop the lock (the using blocks, in that order).
            }

            await _host.Out.WriteLineAsync("Stopping: closing the listener and the sessions.");
        }

        return ExitCodes.Ok;
    }
}
