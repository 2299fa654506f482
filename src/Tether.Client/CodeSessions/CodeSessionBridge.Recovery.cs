namespace Tether.Client.CodeSessions;

/// <summary>Keeping the registration alive: ordered calls with recovery, heartbeats and token renewal.</summary>
public sealed partial class CodeSessionBridge
{
    /// <summary>One call under the gate (so writes stay ordered and wait out a recovery), with 401 recovery and transient retries.</summary>
    private async Task<WorkerCallResult> CallAsync(Func<WorkerConnection, Task<WorkerCallResult>> call, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 0; ; attempt++)
        {
            WorkerConnection connection;
            WorkerCallResult result;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                connection = _connection;
                result = await call(connection);
            }
            finally
            {
                _gate.Release();
            }

            if (result.Ok)
            {
                return result;
            }

            if (result.EpochSuperseded && !ReferenceEquals(connection, Volatile.Read(ref _connection)) && attempt < 4)
            {
                // Our own renewal replaced the registration mid-call: try again with the new epoch.
                continue;
            }

            if (result.EpochSuperseded)
            {
                Fail("another worker took over this session (409)");
                return result;
            }

            if (result.AuthFailed && attempt == 0 && await RecoverAsync(connection, "auth_401_recovery", cancellationToken))
            {
                continue;
            }

            if (!result.Transient || attempt >= 4)
            {
                return result;
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(8).Ticks));
        }
    }

    /// <summary>
    /// A new <c>/bridge</c> registration replacing <paramref name="observed"/>: new token, new epoch, the stream resumes
    /// from the last sequence number. One at a time; a caller that finds it already replaced does nothing.
    /// </summary>
    private async Task<bool> RecoverAsync(WorkerConnection observed, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(_connection, observed))
            {
                return true;
            }

            SetState(CodeSessionBridgeState.Reconnecting, reason);
            var credentials = await _api.BridgeAsync(SessionId, cancellationToken);
            if (!credentials.Ok)
            {
                Fail($"cannot renew the worker registration: {credentials.Error}");
                return false;
            }

            var next = WorkerConnection.Open(SessionId, credentials.Value, _time);
            Volatile.Write(ref _connection, next);
            _retiredConnections.Add(observed);
            observed.Retire();
            await next.Api.PutStateAsync(next.Credentials.WorkerEpoch, _lastStatus ?? "idle", null, cancellationToken);
            SetState(CodeSessionBridgeState.Connected, reason);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Whether <paramref name="connection"/> was replaced by this bridge's own renewal. Waits for a renewal in flight: the
    /// server fences the old epoch as soon as it registers the new one, before the renewal swaps the connection here.
    /// </summary>
    private async Task<bool> ReplacedByOwnRenewalAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return !ReferenceEquals(connection, _connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // ±10 % jitter so many workers do not beat in step.
            var jitter = 1 + ((Random.Shared.NextDouble() * 0.2) - 0.1);
            await Task.Delay(_options.HeartbeatInterval * jitter, _time, cancellationToken);
            var connection = Volatile.Read(ref _connection);
            var result = await connection.Api.HeartbeatAsync(SessionId, connection.Credentials.WorkerEpoch, cancellationToken);
            if (result.EpochSuperseded && await ReplacedByOwnRenewalAsync(connection, cancellationToken))
            {
                // Our own renewal replaced the registration while this beat was in flight.
                continue;
            }

            if (result.EpochSuperseded)
            {
                Fail("another worker took over this session (409)");
                return;
            }

            if (result.AuthFailed)
            {
                await RecoverAsync(connection, "auth_401_recovery", cancellationToken);
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var connection = Volatile.Read(ref _connection);
            var lifetime = TimeSpan.FromSeconds(connection.Credentials.ExpiresIn);
            var wait = lifetime - _options.TokenRefreshBuffer;
            var due = connection.IssuedAt + (wait < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait);
            var remaining = due - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Retired);
                try
                {
                    await Task.Delay(remaining, _time, woken.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Replaced early (a 401 recovery): schedule from the new registration.
                    continue;
                }
            }

            await RecoverAsync(connection, "token_refresh", cancellationToken);
        }
    }
}
