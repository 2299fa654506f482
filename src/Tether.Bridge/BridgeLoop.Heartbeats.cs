using Tether.Protocol.Ids;

namespace Tether.Bridge;

internal sealed partial class BridgeLoop
{
    private static readonly TimeSpan s_reconnectThrottle = TimeSpan.FromSeconds(30);

    // Extends the lease of every running session's work, and asks for a fresh token (bridge/reconnect) where the
    // server rejected one (pitfall 3): the server then re-dispatches the session with a new token.
    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await WaitAsync(options.HeartbeatInterval, _heartbeatWake.Reader, stopping);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            foreach (var session in _sessions.Values)
            {
                try
                {
                    await HeartbeatAsync(session, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task HeartbeatAsync(ActiveSession session, CancellationToken stopping)
    {
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

        session.ReconnectRequestedAt = now;
        Log.RequestingReconnect(_logger, session.SessionId);
        var result = await client.ReconnectSessionAsync(EnvironmentId!, session.SessionId, stopping);
        if (!result.Ok && SessionIds.TryGetBody(session.SessionId, out var body))
        {
            result = await client.ReconnectSessionAsync(EnvironmentId!, SessionIds.ToInfra(body), stopping);
        }

        if (!result.Ok)
        {
            Log.ReconnectFailed(_logger, session.SessionId, result.Error.Message);
        }
    }
}
