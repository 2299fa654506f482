using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Tether.Client.CodeSessions;

/// <summary>The background work of a <see cref="CodeSessionBridge"/>: stream, heartbeats, token renewal, recovery.</summary>
public sealed partial class CodeSessionBridge
{
    private readonly List<WorkerConnection> _retiredConnections = [];

    private void StartLoops()
    {
        _streamLoop = StreamLoopAsync(_stop.Token);
        _heartbeatLoop = HeartbeatLoopAsync(_stop.Token);
        _refreshLoop = RefreshLoopAsync(_stop.Token);
    }

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

    private void Fail(string reason)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        SetState(CodeSessionBridgeState.Failed, reason);
        _inbound.Writer.TryComplete();
        _stop.Cancel();
    }

    private async Task StreamLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var delay = _options.ReconnectBaseDelay;
        DateTimeOffset? failingSince = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var connection = Volatile.Read(ref _connection);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Retired);
            HttpResponseMessage? response;
            int status;
            try
            {
                (response, status) = await connection.Api.OpenStreamAsync(SequenceNum, attempt.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Replaced by a renewed registration while connecting: connect again with it.
                continue;
            }

            if (response is null)
            {
                if (connection.Retired.IsCancellationRequested)
                {
                    continue;
                }

                if (status is 401)
                {
                    await RecoverAsync(connection, "auth_401_recovery", cancellationToken);
                    continue;
                }

                if (status is 409 && !ReferenceEquals(connection, Volatile.Read(ref _connection)))
                {
                    continue;
                }

                if (status is 403 or 404 or 409)
                {
                    Fail($"the server closed the worker stream for good ({status})");
                    return;
                }

                failingSince ??= _time.GetUtcNow();
                if (_time.GetUtcNow() - failingSince > _options.ReconnectBudget)
                {
                    Fail($"the worker stream could not reconnect within {_options.ReconnectBudget.TotalMinutes:0} minutes");
                    return;
                }

                SetState(CodeSessionBridgeState.Reconnecting, $"stream unavailable ({status})");
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                continue;
            }

            using (response)
            {
                failingSince = null;
                delay = _options.ReconnectBaseDelay;
                SetState(CodeSessionBridgeState.Connected, null);
                await ReadFramesAsync(response, connection, attempt.Token, cancellationToken);
            }
        }
    }

    /// <summary>Reads one stream until it ends, goes idle or its registration is replaced (<paramref name="attempt"/>).</summary>
    private async Task ReadFramesAsync(HttpResponseMessage response, WorkerConnection connection, CancellationToken attempt, CancellationToken cancellationToken)
    {
        // A silent stream (no event for the idle timeout) is reopened from the last sequence number; nothing is lost.
        using var idle = new CancellationTokenSource(_options.StreamIdleTimeout, _time);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(attempt, idle.Token);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(read.Token);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(read.Token))
            {
                idle.CancelAfter(_options.StreamIdleTimeout);
                if (item.EventType != "client_event" || Parse(item.Data) is not { } inbound)
                {
                    continue;
                }

                // The server redelivers events not yet reported processed, even below the resume point: those were
                // handed over already and only need their report.
                if (inbound.SequenceNum > SequenceNum)
                {
                    Interlocked.Exchange(ref _sequenceNum, inbound.SequenceNum);
                    await _inbound.Writer.WriteAsync(inbound, cancellationToken);
                }

                // received and processed at once: unprocessed events are re-queued on every reconnect ("phantom prompts").
                await connection.Api.ReportDeliveryAsync(connection.Credentials.WorkerEpoch,
                    [(inbound.EventId, "received"), (inbound.EventId, "processed")], cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Idle, or replaced by a renewed registration: reconnect.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The connection dropped: reconnect.
        }
    }

    private static WorkerStreamEvent? Parse(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            return root.TryGetProperty("event_id", out var id) && root.TryGetProperty("sequence_num", out var seq) && seq.TryGetInt64(out var sequence)
                && root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                ? new WorkerStreamEvent(id.GetString() ?? "", sequence,
                    root.TryGetProperty("event_type", out var type) ? type.GetString() ?? "" : "", payload.Clone())
                : null;
        }
        catch (JsonException)
        {
            return null;
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
            if (result.EpochSuperseded && !ReferenceEquals(connection, Volatile.Read(ref _connection)))
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
