using Microsoft.Extensions.Logging;
using Tether.Bridge.Activity;
using Tether.Bridge.Agents;
using Tether.Bridge.Relay;
using Tether.Bridge.Transports;
using Tether.Bridge.Worktrees;

namespace Tether.Bridge.Sessions;

/// <summary>
/// Runs one session: prepares its directory (the bridge's, or a new worktree), starts the agent, relays every stdout line
/// to the transport in order and routes inbound client events to stdin, tracks tool activity, sends keep-alives, and
/// stops the child (SIGTERM, grace, SIGKILL) on shutdown, on the session timeout or when the server ends the session.
/// Every task it starts is awaited before <see cref="RunAsync"/> returns; the worktree is removed on the way out.
/// </summary>
internal sealed partial class SessionRunner(
    SessionStart start,
    ISessionTransport transport,
    Func<AgentStartInfo, AgentProcess> launch,
    WorktreeManager worktrees,
    AgentHost host,
    SessionView view,
    SessionRunnerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    private readonly InboundRouter _router = new(start.SessionId, new InboundDeduplicator());
    private readonly TaskCompletionSource _serverEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AgentProcess? _child;
    private string _token = start.Secret.SessionIngressToken;

    /// <summary>Raised when the title or the activity changed.</summary>
    public event Action? Changed;

    public string SessionId => start.SessionId;

    /// <summary>Ends the session from outside (the server stopped the work): the child is stopped like on shutdown.</summary>
    public void RequestStop() => _serverEnded.TrySetResult();

    /// <summary>Takes a refreshed session token (a re-dispatch): the transport uses it, and the agent is told.</summary>
    public async Task UpdateTokenAsync(string token, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _token, token);
        transport.UpdateToken(token);
        if (Volatile.Read(ref _child) is { } child)
        {
            await child.WriteLineAsync(ControlMessages.UpdateToken(token), cancellationToken);
        }
    }

    public async Task<SessionOutcome> RunAsync(CancellationToken shutdown)
    {
        Worktree? worktree = null;
        var directory = start.Directory;
        if (start.UseWorktree)
        {
            var created = await worktrees.CreateAsync(start.Directory, start.SessionId, shutdown);
            if (!created.Succeeded)
            {
                return SessionOutcome.Failed(created.Error);
            }

            worktree = created.Worktree;
            directory = worktree.Path;
        }

        view.SetDirectory(directory);
        try
        {
            return await RunInAsync(directory, shutdown);
        }
        finally
        {
            if (worktree is not null)
            {
                // The session is over either way; removal must not be skipped because shutdown was requested.
                await worktrees.RemoveAsync(worktree, CancellationToken.None);
            }
        }
    }

    private async Task<SessionOutcome> RunInAsync(string directory, CancellationToken shutdown)
    {
        var commandLine = AgentCommandLine.Build(
            new AgentLaunchRequest(start.Agent, directory, PermissionMode: start.PermissionMode, Secret: start.Secret), host);
        if (!commandLine.Succeeded)
        {
            return SessionOutcome.Failed(commandLine.Error);
        }

        foreach (var warning in commandLine.Warnings)
        {
            Log.CommandLineWarning(logger, start.SessionId, warning);
        }

        var environment = new Dictionary<string, string?>(commandLine.StartInfo.Environment)
        {
            [ControlMessages.SessionTokenVariable] = Volatile.Read(ref _token),
        };
        if (start.Sandbox)
        {
            environment["CLAUDE_CODE_FORCE_SANDBOX"] = "1";
        }

        await using var child = launch(commandLine.StartInfo with { Environment = environment });
        if (!child.Started)
        {
            var failed = await child.Completion;
            return SessionOutcome.Failed(failed.Error ?? "the agent could not be started");
        }

        Volatile.Write(ref _child, child);
        Log.Started(logger, start.SessionId, child.ProcessId, directory);
        using var hardStop = new CancellationTokenSource();
        using var sideTasks = new CancellationTokenSource();
        var transportRun = transport.RunAsync(hardStop.Token);
        var output = PumpOutputAsync(child, hardStop.Token);
        var inbound = PumpInboundAsync(child, sideTasks.Token);
        var keepAlive = KeepAliveAsync(sideTasks.Token);
        var stopper = StopWhenAskedAsync(child, shutdown, sideTasks.Token);

        var exit = await child.Completion;
        await output;
        await sideTasks.CancelAsync();
        var (timedOut, byShutdown) = await stopper;
        await inbound;
        await keepAlive;
        transport.CompleteWrites(options.FlushGrace);
        await transportRun;
        Volatile.Write(ref _child, null);

        // A transport that could not start (v2 registration failed) fails the session, so its work is stopped (§7.3).
        var status = exit.Status == AgentExitStatus.Interrupted && (timedOut || transport.ReadEnd is { StopWork: true }) ? AgentExitStatus.Failed : exit.Status;
        var endedByServer = _serverEnded.Task.IsCompleted || transport.ReadEnd is not null;
        var error = status == AgentExitStatus.Failed
            ? timedOut ? $"session timed out after {options.SessionTimeout}" : $"the agent exited with code {exit.ExitCode}"
            : null;
        Log.Ended(logger, start.SessionId, status, exit.ExitCode);
        return new SessionOutcome(status, exit, error, timedOut, endedByServer && !byShutdown, byShutdown);
    }

    private async Task PumpOutputAsync(AgentProcess child, CancellationToken cancellationToken)
    {
        await foreach (var item in child.Output.ReadAllAsync(CancellationToken.None))
        {
            string line;
            switch (item.Kind)
            {
                case AgentOutputKind.Line:
                    line = ControlMessages.WithUuid(item.Text);
                    var activities = ToolActivity.Extract(item.Utf8, timeProvider.GetUtcNow());
                    if (activities.Count > 0)
                    {
                        view.Activities.AddRange(activities);
                        Changed?.Invoke();
                    }

                    break;
                case AgentOutputKind.InvalidJson:
                    var text = item.Text;
                    line = ControlMessages.BridgeError(start.SessionId, "The agent wrote a line that is not JSON: " + (text.Length > 500 ? text[..500] + "…" : text));
                    break;
                default:
                    line = ControlMessages.BridgeError(start.SessionId, $"The agent wrote a line of {item.Length} bytes, over the cap; it was dropped.");
                    break;
            }

            try
            {
                await transport.WriteAsync(line, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Hard stop: keep draining so the child never blocks on a full pipe while it is being stopped.
            }
        }
    }

    private async Task PumpInboundAsync(AgentProcess child, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in transport.Inbound.ReadAllAsync(cancellationToken))
            {
                var decision = _router.Route(line);
                if (decision.Title is { } title && view.SetTitle(title, decision.RenamesSession))
                {
                    Changed?.Invoke();
                }

                switch (decision.Action)
                {
                    case InboundAction.ForwardToAgent:
                        await child.WriteLineAsync(decision.Json!, cancellationToken);
                        break;
                    case InboundAction.ReplyToServer:
                        await transport.WriteAsync(decision.Json!, cancellationToken);
                        break;
                    default:
                        Log.Dropped(logger, start.SessionId, decision.Reason ?? "");
                        break;
                }

                await transport.InboundHandledAsync(cancellationToken);
            }

            if (transport.ReadEnd is { } end)
            {
                Log.ServerEnded(logger, start.SessionId, end.CloseCode, end.Reason);
                _serverEnded.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The child exited; nothing more to deliver.
        }
    }

    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(options.KeepAliveInterval, timeProvider, cancellationToken);
                await transport.WriteAsync(ControlMessages.KeepAlive, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session ended.
        }
    }

    // Waits for a reason to stop the child; returns (timed out, shutdown) once it stopped it or the child exited by itself.
    private async Task<(bool TimedOut, bool Shutdown)> StopWhenAskedAsync(AgentProcess child, CancellationToken shutdown, CancellationToken exited)
    {
        var reason = new TaskCompletionSource<StopReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onShutdown = shutdown.Register(() => reason.TrySetResult(StopReason.Shutdown));
        await using var onExit = exited.Register(() => reason.TrySetResult(StopReason.Exited));
        using var timer = options.SessionTimeout > TimeSpan.Zero
            ? timeProvider.CreateTimer(_ => reason.TrySetResult(StopReason.Timeout), null, options.SessionTimeout, Timeout.InfiniteTimeSpan)
            : null;
        var first = await Task.WhenAny(reason.Task, _serverEnded.Task);
        var why = first == reason.Task ? reason.Task.Result : StopReason.Server;
        if (why == StopReason.Exited)
        {
            return (false, false);
        }

        Log.Stopping(logger, start.SessionId, why.ToString());
        await child.StopAsync(options.StopGrace, CancellationToken.None);
        return (why == StopReason.Timeout, why == StopReason.Shutdown);
    }

    private enum StopReason
    {
        Exited,
        Shutdown,
        Timeout,
        Server,
    }
}
