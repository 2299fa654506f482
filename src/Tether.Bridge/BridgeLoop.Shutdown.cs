namespace Tether.Bridge;

internal sealed partial class BridgeLoop
{
    // Reference §7.6: stop the children (SIGTERM, grace, SIGKILL) and remove their worktrees (each runner does both),
    // then stop every active work item, archive the sessions, deregister the environment and clear the pointer.
    private async Task ShutdownAsync()
    {
        var remaining = _sessions.Values.ToList();
        if (remaining.Count > 0)
        {
            observer.Notice($"Stopping {remaining.Count} session(s)…");
        }

        await _sessionsStop.CancelAsync();
        foreach (var session in remaining)
        {
            await session.Completion;
        }

        if (EnvironmentId is null)
        {
            return;
        }

        using var cleanup = new CancellationTokenSource(options.CleanupTimeout, timeProvider);
        try
        {
            foreach (var session in remaining)
            {
                await client.StopWorkAsync(EnvironmentId, session.WorkId, true, cleanup.Token);
                await client.ArchiveSessionAsync(session.SessionId, cleanup.Token);
            }

            var deregistered = await client.DeregisterAsync(EnvironmentId, cleanup.Token);
            if (!deregistered.Ok)
            {
                Log.DeregisterFailed(_logger, EnvironmentId, deregistered.Error.Message);
            }
        }
        catch (OperationCanceledException)
        {
            Log.CleanupTimedOut(_logger, (int)options.CleanupTimeout.TotalSeconds);
        }

        _sessions.Clear();
        pointers?.Clear(options.Directory);
        Log.ShutDown(_logger, EnvironmentId);
    }
}
