using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Tether.Protocol.Errors;
using Tether.Protocol.Json;
using Tether.Server.Events;
using Tether.Server.Http;

namespace Tether.Server.Streaming;

/// <summary>
/// Runs one subscriber socket: a send loop that writes each event as one NDJSON line per text frame, and a receive loop
/// that hands each inbound line to a handler (which answers an error message or null). When either loop ends the other
/// is stopped, both are awaited, and the socket is closed with the code that explains why.
/// </summary>
internal sealed class EventSocketRelay(WebSocket socket, int maxMessageBytes, TimeProvider timeProvider)
{
    private static readonly TimeSpan CloseReplyTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private bool _receiveEnded;

    public delegate Task<string?> InboundHandler(JsonElement message, CancellationToken cancellationToken);

    /// <summary>
    /// Runs both loops until either ends. <paramref name="cancellationToken"/> is the connection's own abort, passed to
    /// inbound handling; <paramref name="stopping"/> (server shutdown) ends the socket with 1001 and
    /// <paramref name="revoked"/> with 4003 and <paramref name="revokedReason"/>, each after a close handshake: they stop
    /// only the sending side, and the receive loop then ends on the peer's close reply. <paramref name="outbound"/> opens
    /// the event stream with the token that stops sending, so the stream needs no linked source of its own.
    /// </summary>
    public async Task RunAsync(
        Func<CancellationToken, IAsyncEnumerable<StoredEvent>> outbound, InboundHandler? inbound, CancellationToken cancellationToken,
        CancellationToken stopping, CancellationToken revoked = default, string revokedReason = "credential revoked")
    {
        // The connection's own abort is not linked in: a dropped connection ends the receive loop, which stops sending.
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(stopping, revoked);
        var receive = ReceiveLoopAsync(inbound, stopSending, cancellationToken);
        // The send loop runs here rather than as a task of its own: one async frame fewer per socket, and no WhenAny.
        // The receive loop stops it when it ends first, after marking that it did.
        (int Code, string Reason) sent;
        try
        {
            await foreach (var stored in outbound(stopSending.Token))
            {
                await SendAsync(stored.WireLineUtf8, stopSending.Token);
            }

            sent = (1000, "");
        }
        catch (Exception ex) when (Outcome(ex, stopping) is { } outcome)
        {
            sent = outcome;
        }
        catch
        {
            // Unexpected (the store failed mid-replay): end the receive loop too before the error travels up.
            socket.Abort();
            await receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        if (Volatile.Read(ref _receiveEnded))
        {
            var (code, reason) = await OutcomeAsync(receive, stopping);
            await CloseOutputAsync(code, reason);
            return;
        }

        var (closeCode, closeReason) = revoked.IsCancellationRequested ? (CloseCodes.Unauthorized, revokedReason) : sent;
        await CloseOutputAsync(closeCode, closeReason);
        // The receive loop ends on the peer's close reply. One that never answers gets 5 s, then the socket is aborted,
        // which ends the pending receive (cancelling it would do the same, at the cost of a linked source per socket).
        await receive.WaitAsync(CloseReplyTimeout, timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!receive.IsCompleted)
        {
            socket.Abort();
        }

        await OutcomeAsync(receive, stopping);
    }

    private async Task CloseOutputAsync(int code, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var closeTimeout = new CancellationTokenSource(CloseReplyTimeout, timeProvider);
        await _sendLock.WaitAsync(closeTimeout.Token);
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, closeTimeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer is gone; nothing left to tell it.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes a socket that was accepted only to report why it cannot be served (reference clients read close codes).</summary>
    public static async Task RejectAsync(WebSocket socket, int code, string reason, TimeProvider timeProvider)
    {
        using var timeout = new CancellationTokenSource(CloseReplyTimeout, timeProvider);
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away first.
        }
    }

    private static async Task<(int Code, string Reason)> OutcomeAsync(Task loop, CancellationToken stopping)
    {
        try
        {
            await loop;
            return (1000, "");
        }
        catch (Exception ex) when (Outcome(ex, stopping) is { } outcome)
        {
            return outcome;
        }
    }

    /// <summary>The close code and reason for how a loop ended; null for errors that are not the socket's to explain.</summary>
    private static (int Code, string Reason)? Outcome(Exception exception, CancellationToken stopping) => exception switch
    {
        SubscriberLaggedException => (CloseCodes.SlowConsumer, "subscriber too slow; reconnect with from_sequence_num"),
        SubscriptionClosedException closed => (CloseCodes.Unauthorized, closed.Message),
        MessageTooBigException => (CloseCodes.TooBig, "message too big"),
        OperationCanceledException when stopping.IsCancellationRequested => (CloseCodes.GoingAway, "server shutting down"),
        WebSocketException or OperationCanceledException => (1000, ""),
        _ => null,
    };

    private async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(InboundHandler? inbound, CancellationTokenSource stopSending, CancellationToken cancellationToken)
    {
        try
        {
            // An idle socket holds no receive buffer: a zero-byte receive waits for the next frame (ManagedWebSocket passes
            // it down to Kestrel's zero-byte read), and the buffer is allocated only once a message arrives, which most
            // viewers never send. This took about 4 KB off every subscribed viewer (docs/performance.md, "idle"). The wait
            // takes no token either (a registration per idle socket): a dropped or aborted connection ends it anyway.
            ArrayBufferWriter<byte>? buffer = null;
            while (true)
            {
                var ready = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (ready.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (ready.EndOfMessage)
                {
                    // An empty message: nothing to read, nothing to handle.
                    continue;
                }

                buffer ??= new ArrayBufferWriter<byte>(4096);
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > maxMessageBytes)
                    {
                        throw new MessageTooBigException();
                    }
                }
                while (!result.EndOfMessage);

                foreach (var line in Lines(buffer.WrittenMemory))
                {
                    var problem = inbound is null ? "This stream is read-only." : await HandleLineAsync(line, inbound, cancellationToken);
                    if (problem is not null)
                    {
                        var error = JsonSerializer.SerializeToUtf8Bytes(ErrorBody.Of(ErrorTypes.InvalidRequest, problem), TetherJsonContext.Default.ErrorBody);
                        await SendAsync(error, cancellationToken);
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _receiveEnded, true);
            await StopSendingBetweenFramesAsync(stopSending);
        }
    }

    /// <summary>
    /// Stops the send loop while it holds no frame: cancelling a WebSocket send aborts the socket, so a peer that closed
    /// while a frame was on its way would get a reset instead of the close reply it waits for. A send still unfinished
    /// after <see cref="CloseReplyTimeout"/> (a peer that stopped reading) is cut off all the same.
    /// </summary>
    private async Task StopSendingBetweenFramesAsync(CancellationTokenSource stopSending)
    {
        var betweenFrames = _sendLock.Wait(0);
        if (!betweenFrames)
        {
            using var grace = new CancellationTokenSource(CloseReplyTimeout, timeProvider);
            try
            {
                await _sendLock.WaitAsync(grace.Token);
                betweenFrames = true;
            }
            catch (OperationCanceledException)
            {
                // The frame in flight is not moving; cancelling below aborts it.
            }
        }

        try
        {
            stopSending.Cancel();
        }
        finally
        {
            if (betweenFrames)
            {
                _sendLock.Release();
            }
        }
    }

    private static async Task<string?> HandleLineAsync(ReadOnlyMemory<byte> line, InboundHandler inbound, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return $"Malformed JSON: {ex.Message}";
        }

        using (document)
        {
            return await inbound(document.RootElement, cancellationToken);
        }
    }

    private static List<ReadOnlyMemory<byte>> Lines(ReadOnlyMemory<byte> message)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var rest = message;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            if (line.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                lines.Add(line);
            }

            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
        }

        return lines;
    }

    private sealed class MessageTooBigException : Exception;
}
