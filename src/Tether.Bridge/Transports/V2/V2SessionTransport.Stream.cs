using Tether.Client.CodeSessions;
using System.Net.ServerSentEvents;
using Tether.Bridge.Transports.V1;

namespace Tether.Bridge.Transports.V2;

/// <summary>
/// The read side: <c>GET /worker/events/stream</c> resumed from the high-water mark (§5.2, pitfall 6). The server
/// redelivers every event not yet reported processed on each connection, so an event is handed to the session once
/// (by sequence number) and reported <c>received</c> + <c>processed</c> only after the session took it (pitfall 12).
/// </summary>
internal sealed partial class V2SessionTransport
{
    private readonly Lock _pendingLock = new();
    private readonly Queue<string> _pending = new();
    private readonly HashSet<string> _pendingIds = new(StringComparer.Ordinal);
    private long _highWater;

    /// <summary>The highest sequence number handed to the session.</summary>
    public long HighWaterMark => Interlocked.Read(ref _highWater);

    public async ValueTask InboundHandledAsync(CancellationToken cancellationToken)
    {
        string? eventId;
        lock (_pendingLock)
        {
            if (!_pending.TryDequeue(out eventId))
            {
                return;
            }

            _pendingIds.Remove(eventId);
        }

        await ReportProcessedAsync(eventId, cancellationToken);
    }

    private async Task ReportProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        // A lost report is not retried: the event comes again on the next connection and is reported then.
        var result = await _api.ReportDeliveryAsync(Epoch, [(eventId, "received"), (eventId, "processed")], cancellationToken);
        if (result.EpochSuperseded)
        {
            End(Superseded());
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var schedule = new ReconnectSchedule(_options.Reconnect, _timeProvider, Random.Shared.NextDouble);
        try
        {
            while (true)
            {
                var (response, status) = await _api.OpenStreamAsync(HighWaterMark, cancellationToken);
                if (response is null)
                {
                    if (status is 401 or 403 or 404 or 409)
                    {
                        End(status == 409 ? Superseded() : new TransportEnd(status, $"the server refused the worker stream ({status})"));
                        return;
                    }
                }
                else
                {
                    using (response)
                    {
                        schedule.Reset();
                        StateChanged?.Invoke(TransportState.Connected);
                        await ReadFramesAsync(response, cancellationToken);
                    }
                }

                if (schedule.Next() is not { } delay)
                {
                    End(new TransportEnd(null, "the worker stream could not reconnect within the budget"));
                    return;
                }

                StateChanged?.Invoke(TransportState.Reconnecting);
                Log.Reconnecting(_logger, _request.SessionId, status, delay);
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Transport stopped.
        }
    }

    private async Task ReadFramesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Idle timeout, not an overall one: every frame (keep-alive comments included) resets it.
        using var idle = new CancellationTokenSource(_options.StreamIdleTimeout, _timeProvider);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(read.Token);
            var parser = SseParser.Create(stream);
            await foreach (var item in parser.EnumerateAsync(read.Token))
            {
                idle.CancelAfter(_options.StreamIdleTimeout);
                if (item.EventType != "client_event" || WorkerStreamEvent.TryParse(item.Data) is not { } frame)
                {
                    continue;
                }

                await AcceptAsync(frame, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Silent for too long: reopen from the high-water mark.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The connection dropped (a server restart, a proxy): reconnect.
        }
    }

    private async Task AcceptAsync(WorkerStreamEvent frame, CancellationToken cancellationToken)
    {
        if (frame.SequenceNum <= HighWaterMark)
        {
            // A redelivery of an event handed over already. Still waiting in the session: its report follows then.
            // Otherwise its report was lost: send it again.
            bool waiting;
            lock (_pendingLock)
            {
                waiting = _pendingIds.Contains(frame.EventId);
            }

            if (!waiting)
            {
                await ReportProcessedAsync(frame.EventId, cancellationToken);
            }

            return;
        }

        lock (_pendingLock)
        {
            _pending.Enqueue(frame.EventId);
            _pendingIds.Add(frame.EventId);
        }

        Interlocked.Exchange(ref _highWater, frame.SequenceNum);
        if (WorkerStatusRules.ForInbound(frame.EventType) is { } state)
        {
            _states.Writer.TryWrite(state);
        }

        await _inbound.Writer.WriteAsync(frame.Payload.GetRawText(), cancellationToken);
    }
}
