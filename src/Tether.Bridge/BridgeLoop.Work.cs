using Microsoft.Extensions.Logging;
using Tether.Bridge.Continuation;
using Tether.Bridge.Credentials;
using Tether.Bridge.Sessions;
using Tether.Bridge.Transports;
using Tether.Protocol.Environments;
using Tether.Protocol.Ids;

namespace Tether.Bridge;

internal sealed partial class BridgeLoop
{
    private static readonly TimeSpan[] s_stopRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>Handles one work item (reference §7.3 steps 3–7); false when it was left unacked because the bridge is full.</summary>
    private async Task<bool> HandleWorkAsync(WorkResponse work, CancellationToken stopping)
    {
        if (_completedWork.ContainsKey(work.Id))
        {
            // The server may hand out work again before it processed our stop.
            Log.SkippedCompleted(_logger, work.Id);
            return true;
        }

        if (!WorkSecretCodec.TryDecode(work.Secret, out var secret, out var secretError))
        {
            // Without the token it cannot be acked, and left alone it comes back every reclaim cycle (pitfall 9).
            Log.BadSecret(_logger, work.Id, secretError);
            await client.StopWorkAsync(EnvironmentId!, work.Id, false, stopping);
            _completedWork.TryAdd(work.Id, 0);
            return true;
        }

        var token = secret.SessionIngressToken;
        if (work.Data.Type != WorkDataTypes.Session)
        {
            // Healthchecks and types this bridge does not know are acked and ignored.
            await AckAsync(work.Id, token, stopping);
            return true;
        }

        var sessionId = work.Data.Id;
        if (!PathSafeId.IsValid(sessionId))
        {
            await AckAsync(work.Id, token, stopping);
            Log.InvalidSessionId(_logger, work.Id);
            return true;
        }

        if (FindSession(sessionId) is { } running)
        {
            // A re-dispatch of a running session carries a fresh token; it is not a new session (pitfall 2).
            running.Redispatched(work.Id, token);
            running.NeedsReconnect = false;
            ScheduleRefresh(running, secret);
            await running.Runner.UpdateTokenAsync(token, stopping);
            await AckAsync(work.Id, token, stopping);
            Log.TokenRefreshed(_logger, sessionId, work.Id);
            return true;
        }

        if (AtCapacity)
        {
            // Acking would lose the work: the server does not hand out acked work again (pitfall 1).
            Log.AtCapacity(_logger, sessionId, options.MaxSessions);
            return false;
        }

        await AckAsync(work.Id, token, stopping);
        await StartSessionAsync(sessionId, work.Id, secret, stopping);
        return true;
    }

    // The heartbeat loop owns the refresh timers; it is woken to wait for the new due time instead of its old one.
    private void ScheduleRefresh(ActiveSession session, WorkSecret secret)
    {
        var expiresAt = TokenExpiry.Of(secret);
        var (generation, due) = session.Refresh.TokenDelivered(expiresAt);
        if (expiresAt is { } expiry && due is { } dueAt)
        {
            Log.RefreshScheduled(_logger, session.SessionId, generation, expiry, dueAt);
        }
        else
        {
            Log.NoTokenExpiry(_logger, session.SessionId);
        }

        _heartbeatWake.Writer.TryWrite(true);
    }

    private ActiveSession? FindSession(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var exact) ? exact : _sessions.Values.FirstOrDefault(s => SessionIds.Same(s.SessionId, sessionId));

    private async Task AckAsync(string workId, string token, CancellationToken stopping)
    {
        var ack = await client.AckAsync(EnvironmentId!, workId, token, stopping);
        if (!ack.Ok)
        {
            // Tolerated: the work runs anyway, and the next heartbeat or re-dispatch settles the server's view.
            Log.AckFailed(_logger, workId, ack.Error.Message);
        }
    }

    /// <summary>
    /// For the session taken over with <c>--continue</c>, the v1 inbound stream starts after the last event the previous
    /// agent wrote: older client events were handled by it (a new agent must not see them again), later ones arrived
    /// while no bridge ran and are delivered. The v2 stream needs no such point: the server redelivers exactly what was
    /// never reported processed.
    /// </summary>
    private async Task<long> ResumePointAsync(string sessionId, WorkSecret secret, CancellationToken stopping)
    {
        if (secret.UseCodeSessions || options.ResumeSessionId is not { } resumed || !Protocol.Ids.SessionIds.Same(resumed, sessionId))
        {
            return 0;
        }

        var point = await client.LastWorkerSequenceAsync(sessionId, stopping);
        return point.Ok ? point.Value : 0;
    }

    private async Task StartSessionAsync(string sessionId, string workId, WorkSecret secret, CancellationToken stopping)
    {
        var mode = SpawnMode;
        var view = new SessionView(sessionId, timeProvider.GetUtcNow());
        var resumeAfter = await ResumePointAsync(sessionId, secret, stopping);
        var transport = transports.Create(new SessionTransportRequest(options.ServerUrl, sessionId, secret.SessionIngressToken, secret.UseCodeSessions, resumeAfter));
        var start = new SessionStart(sessionId, secret, options.Directory, mode == SpawnMode.Worktree, options.Agent, options.PermissionMode, options.Sandbox);
        var runner = new SessionRunner(start, transport, launch, worktrees, host, view, options.Session, timeProvider, loggers.CreateLogger<SessionRunner>());
        var active = new ActiveSession(sessionId, workId, secret.SessionIngressToken, runner, view, options.TokenRefresh);
        transport.AuthRejected += () =>
        {
            active.NeedsReconnect = true;
            RequestHeartbeatPass();
        };
        runner.Changed += () => observer.SessionUpdated(view);
        _sessions[sessionId] = active;
        ScheduleRefresh(active, secret);
        active.Completion = RunSessionAsync(active, mode);
        Log.SessionStarted(_logger, sessionId, workId, mode);
        observer.SessionStarted(view);
        UpdateConnectedState();
        if (pointers is not null)
        {
            try
            {
                await pointers.WriteAsync(options.Directory, new BridgePointer { SessionId = sessionId, EnvironmentId = EnvironmentId! }, stopping);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.PointerFailed(_logger, ex.Message);
            }
        }
    }

    private async Task RunSessionAsync(ActiveSession active, SpawnMode mode)
    {
        // Let StartSessionAsync register the session before it can end.
        await Task.Yield();
        SessionOutcome outcome;
        try
        {
            outcome = await active.Runner.RunAsync(_sessionsStop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in one session must not take the bridge down; it ends that session as failed.
            Log.SessionCrashed(_logger, active.SessionId, ex);
            outcome = SessionOutcome.Failed(ex.Message);
        }

        observer.SessionEnded(active.View, outcome);
        if (!outcome.EndedByShutdown)
        {
            _sessions.TryRemove(active.SessionId, out _);
            if (!outcome.IsInterruption)
            {
                await StopWorkWithRetryAsync(active.WorkId, force: false, CancellationToken.None);
                if (mode != SpawnMode.SingleSession)
                {
                    await client.ArchiveSessionAsync(active.SessionId, CancellationToken.None);
                }
            }

            _completedWork.TryAdd(active.WorkId, 0);
            if (mode == SpawnMode.SingleSession)
            {
                _singleSessionDone = true;
            }

            UpdateConnectedState();
            _capacityWake.Writer.TryWrite(true);
        }
    }

    private async Task StopWorkWithRetryAsync(string workId, bool force, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await client.StopWorkAsync(EnvironmentId!, workId, force, cancellationToken);
            if (result.Ok || result.Error.IsFatal || attempt == s_stopRetryDelays.Length - 1)
            {
                if (!result.Ok)
                {
                    Log.StopFailed(_logger, workId, result.Error.Message);
                }

                return;
            }

            await Task.Delay(s_stopRetryDelays[attempt], timeProvider, cancellationToken);
        }
    }
}
