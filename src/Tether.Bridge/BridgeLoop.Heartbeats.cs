using Tether.Bridge.Credentials;
using Tether.Protocol.Ids;

namespace Tether.Bridge;

internal sealed partial class BridgeLoop
{
    private static readonly TimeSpan s_reconnectThrottle = TimeSpan.FromSeconds(30);

    // Set with a wake when a transport saw its token rejected: the loop then runs a heartbeat pass at once.
    private int _heartbeatPassRequested;

    // Extends the lease of every running session's work, asks for a fresh token (bridge/reconnect) where the server
    // rejected one (pitfall 3), and asks for one ahead of expiry where a session's refresh falls due (§7.5). Both go
    // through RequestRedispatchAsync on this one task, so a refresh and a rejection recovery never overlap; the server
    // then re-dispatches the session with a new token.
    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        var nextBeat = timeProvider.GetUtcNow() + options.HeartbeatInterval;
        while (!stopping.IsCancellationRequested)
        {
            await WaitAsync(NextWake(nextBeat) - timeProvider.GetUtcNow(), _heartbeatWake.Reader, stopping);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            var now = timeProvider.GetUtcNow();
            var beat = Interlocked.Exchange(ref _heartbeatPassRequested, 0) == 1 || now >= nextBeat;
            if (beat)
            {
                nextBeat = now + options.HeartbeatInterval;
            }

            foreach (var session in _sessions.Values)
            {
                try
                {
                    await RefreshIfDueAsync(session, stopping);
                    if (beat)
                    {
                        await HeartbeatAsync(session, stopping);
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private void RequestHeartbeatPass()
    {
        Interlocked.Exchange(ref _heartbeatPassRequested, 1);
        _heartbeatWake.Writer.TryWrite(true);
    }

    private DateTimeOffset NextWake(DateTimeOffset nextBeat)
    {
        var wake = nextBeat;
        foreach (var session in _sessions.Values)
        {
            if (session.Refresh.DueAt is { } due && due < wake)
            {
                wake = due;
            }
        }

        return wake;
    }

    private async Task HeartbeatAsync(ActiveSession session, CancellationToken stopping)
    {
        if (session.Refresh.AwaitingToken)
        {
            // A refresh was accepted: the server stopped this work item and queued a new one, so a heartbeat would read
            // as "stopped" and end the session. The re-dispatch brings the next work item to heartbeat.
            return;
        }

        if (!session.NeedsReconnect)
        {
            var beat = await client.HeartbeatAsync(EnvironmentId!, session.WorkId, session.Token, stopping);
            if (beat.Ok)
            {
                return;
            }

            switch (beat.Error.StatusCode)
            {
                case 401 or 403:
                    session.NeedsReconnect = true;
                    break;
                case 410:
                    // The work was stopped on the server (the session was archived): end the session here too.
                    Log.WorkStopped(_logger, session.SessionId);
                    session.Runner.RequestStop();
                    return;
                default:
                    Log.HeartbeatFailed(_logger, session.SessionId, beat.Error.Message);
                    return;
            }
        }

        var now = timeProvider.GetUtcNow();
        if (session.ReconnectRequestedAt is { } last && now - last < s_reconnectThrottle)
        {
            return;
        }

        Log.RequestingReconnect(_logger, session.SessionId);
        await RequestRedispatchAsync(session, stopping);
    }

    private async Task RefreshIfDueAsync(ActiveSession session, CancellationToken stopping)
    {
        switch (session.Refresh.Next(timeProvider.GetUtcNow(), out var ticket))
        {
            case RefreshStep.NotDue:
                return;
            case RefreshStep.GaveUp:
                Log.RefreshGaveUp(_logger, session.SessionId, options.TokenRefresh.MaxFailures);
                return;
        }

        bool accepted;
        if (session.NeedsReconnect && session.ReconnectRequestedAt is { } asked && timeProvider.GetUtcNow() - asked < s_reconnectThrottle)
        {
            // Recovery from a rejection just asked for the same re-dispatch; a second request would double it.
            accepted = true;
        }
        else
        {
            Log.RefreshingToken(_logger, session.SessionId, ticket.Attempt);
            accepted = await RequestRedispatchAsync(session, stopping);
        }

        switch (session.Refresh.Completed(ticket, accepted, timeProvider.GetUtcNow()))
        {
            case RefreshResult.Stale:
                Log.RefreshStale(_logger, session.SessionId, ticket.Generation);
                break;
            case RefreshResult.RetryScheduled:
                Log.RefreshFailed(_logger, session.SessionId, ticket.Attempt, (int)options.TokenRefresh.RetryDelay.TotalSeconds);
                break;
            case RefreshResult.GaveUp:
                Log.RefreshGaveUp(_logger, session.SessionId, options.TokenRefresh.MaxFailures);
                break;
        }
    }

    // The one way to a fresh token: bridge/reconnect, trying the session's own id and then its cse_ form (§7.6). On
    // success the poll loop is woken, since at capacity it would otherwise sleep long before claiming the re-dispatch.
    private async Task<bool> RequestRedispatchAsync(ActiveSession session, CancellationToken stopping)
    {
        session.ReconnectRequestedAt = timeProvider.GetUtcNow();
        var result = await client.ReconnectSessionAsync(EnvironmentId!, session.SessionId, stopping);
        if (!result.Ok && SessionIds.TryGetBody(session.SessionId, out var body))
        {
            result = await client.ReconnectSessionAsync(EnvironmentId!, SessionIds.ToInfra(body), stopping);
        }

        if (!result.Ok)
        {
            Log.ReconnectFailed(_logger, session.SessionId, result.Error.Message);
            return false;
        }

        _capacityWake.Writer.TryWrite(true);
        return true;
    }
}
