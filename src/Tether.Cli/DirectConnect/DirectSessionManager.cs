using Tether.Bridge.Agents;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// Starts, tracks and stops the served sessions. Each live session has a supervisor task (owned here and awaited on
/// shutdown) that waits for the agent to exit or for the idle timeout of a detached session, then records it stopped.
/// </summary>
internal sealed class DirectSessionManager(DirectServeSettings settings, SessionIndex index, AgentHost agentHost, TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DirectSession Session, ITimer Idle, CancellationTokenSource IdleExpired, Task Supervisor)> _live = [];
    private readonly CancellationTokenSource _shutdown = new();

    public DirectSession? Find(string id)
    {
        lock (_lock)
        {
            return _live.TryGetValue(id, out var live) ? live.Session : null;
        }
    }

    /// <summary>Starts a session (or resumes a stopped one from the index). Errors are values.</summary>
    public async Task<(DirectSession? Session, int Status, string? Error)> StartAsync(CreateDirectSessionRequest request, CancellationToken cancellationToken)
    {
        DirectSessionEntry? resumed = null;
        if (request.Resume is { } resumeId)
        {
            if (Find(resumeId) is { } running)
            {
                return (running, 200, null);
            }

            resumed = index.Get(resumeId);
            if (resumed is null)
            {
                return (null, 404, $"No session {resumeId} on this server.");
            }
        }

        var cwd = Path.GetFullPath(resumed?.Cwd ?? request.Cwd ?? settings.Workspace, settings.Workspace);
        if (!Directory.Exists(cwd))
        {
            return (null, 400, $"cwd {cwd} does not exist.");
        }

        lock (_lock)
        {
            if (settings.MaxSessions > 0 && _live.Count >= settings.MaxSessions)
            {
                return (null, 429, $"This server already runs {_live.Count} sessions (--max-sessions {settings.MaxSessions}).");
            }
        }

        var permissionMode = resumed?.PermissionMode ?? (request.DangerouslySkipPermissions == true ? "bypassPermissions" : null);
        var launch = AgentCommandLine.Build(
            new AgentLaunchRequest(settings.Agent, cwd, PermissionMode: permissionMode, ResumeSessionId: resumed?.TranscriptSessionId), agentHost);
        if (launch.StartInfo is null)
        {
            return (null, 500, launch.Error);
        }

        var agent = AgentProcess.Start(launch.StartInfo, timeProvider: time);
        if (!agent.Started)
        {
            var failure = (await agent.Completion).Error ?? "the agent did not start";
            await agent.DisposeAsync();
            return (null, 500, failure);
        }

        var id = resumed?.SessionId ?? "dc_" + Guid.NewGuid().ToString("N");
        var session = new DirectSession(id, cwd, permissionMode, agent, resumed?.CreatedAt ?? time.GetUtcNow(), resumed?.TranscriptSessionId);
        var idleExpired = new CancellationTokenSource();
        var idle = time.CreateTimer(_ => idleExpired.Cancel(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _live[id] = (session, idle, idleExpired, SuperviseAsync(session, idleExpired.Token));
        }

        await RecordAsync(session, DirectSessionStates.Detached, cancellationToken);
        OnDetached(session);
        return (session, 200, null);
    }

    public async Task OnAttachedAsync(DirectSession session, CancellationToken cancellationToken)
    {
        Idle(session)?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await RecordAsync(session, DirectSessionStates.Running, cancellationToken);
    }

    public async Task OnDetachedAsync(DirectSession session, CancellationToken cancellationToken)
    {
        if (Find(session.Id) is null)
        {
            return;
        }

        await RecordAsync(session, DirectSessionStates.Detached, cancellationToken);
        OnDetached(session);
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        Task[] supervisors;
        lock (_lock)
        {
            supervisors = [.. _live.Values.Select(l => l.Supervisor)];
        }

        await Task.WhenAll(supervisors);
        _shutdown.Dispose();
    }

    private void OnDetached(DirectSession session)
    {
        if (settings.IdleTimeout > TimeSpan.Zero)
        {
            Idle(session)?.Change(settings.IdleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private ITimer? Idle(DirectSession session)
    {
        lock (_lock)
        {
            return _live.TryGetValue(session.Id, out var live) ? live.Idle : null;
        }
    }

    private async Task SuperviseAsync(DirectSession session, CancellationToken idleExpired)
    {
        // Let StartAsync register the session before an agent that died at once is cleaned up.
        await Task.Yield();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(idleExpired, _shutdown.Token);
        try
        {
            await session.Completion.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            await RecordAsync(session, DirectSessionStates.Stopping, CancellationToken.None);
            await session.StopAsync(CancellationToken.None);
        }

        (DirectSession, ITimer Idle, CancellationTokenSource IdleExpired, Task) live;
        lock (_lock)
        {
            _live.Remove(session.Id, out live);
        }

        await live.Idle.DisposeAsync();
        live.IdleExpired.Dispose();
        await RecordAsync(session, DirectSessionStates.Stopped, CancellationToken.None);
        await session.DisposeAsync();
    }

    private Task RecordAsync(DirectSession session, string status, CancellationToken cancellationToken) =>
        index.PutAsync(new DirectSessionEntry
        {
            SessionId = session.Id,
            TranscriptSessionId = session.TranscriptSessionId,
            Cwd = session.Cwd,
            PermissionMode = session.PermissionMode,
            Status = status,
            CreatedAt = session.CreatedAt,
            LastActiveAt = time.GetUtcNow(),
        }, cancellationToken);
}
