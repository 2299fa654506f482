using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Tether.Client.CodeSessions;

/// <summary>The read side of a <see cref="CodeSessionBridge"/>: the worker stream, resumed from the last sequence number.</summary>
public sealed partial class CodeSessionBridge
{
    private readonly List<WorkerConnection> _retiredConnections = [];

    private void StartLoops()
    {
        _streamLoop = StreamLoopAsync(_stop.Token);
        _heartbeatLoop = HeartbeatLoopAsync(_stop.Token);
        _refreshLoop = RefreshLoopAsync(_stop.Token);
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

                if (status is 409 && await ReplacedByOwnRenewalAsync(connection, cancellationToken))
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
                if (item.EventType != "client_event" || WorkerStreamEvent.TryParse(item.Data) is not { } inbound)
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


}
