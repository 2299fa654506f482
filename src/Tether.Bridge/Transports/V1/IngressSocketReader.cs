using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Tether.Bridge.Transports.V1;

/// <summary>
/// The read side of session ingress v1: <c>/v1/session_ingress/ws/{id}</c>, reconnecting with the reference rules (§4.3).
/// Every connection resumes after the highest <c>sequence_num</c> seen, so nothing is lost or read twice across
/// reconnects. Close codes 1002 and 4001 are permanent; 4003 is retried only with a different token (the owner is told
/// so it can fetch one). A tick gap of more than 60 s means the process was suspended: the socket is dropped and
/// reconnected with a fresh budget.
/// </summary>
internal sealed partial class IngressSocketReader(
    Uri socketUrl,
    Func<string> token,
    Func<string?> lastSentUuid,
    HttpMessageInvoker invoker,
    ChannelWriter<string> inbound,
    V1TransportOptions options,
    TimeProvider timeProvider,
    ILogger logger,
    Action<TransportState> onState,
    Action onAuthRejected,
    Func<double>? jitter = null)
{
    private const int ProtocolError = 1002;
    private const int SessionNotFound = 4001;
    private const int Unauthorized = 4003;

    private readonly ReconnectSchedule _schedule = new(options, timeProvider, jitter ?? Random.Shared.NextDouble);
    private long _lastSeq;
    private bool _loggedFailure;

    /// <summary>The highest sequence number read.</summary>
    public long LastSequenceNum => Interlocked.Read(ref _lastSeq);

    /// <summary>Starts the stream after <paramref name="sequenceNum"/> instead of from the beginning.</summary>
    public void ResumeAfter(long sequenceNum) => Interlocked.Exchange(ref _lastSeq, sequenceNum);

    /// <summary>Reads until cancelled (null) or until the server ends the session for good; completes <c>inbound</c> either way.</summary>
    public async Task<TransportEnd?> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await LoopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            inbound.TryComplete();
            onState(TransportState.Closed);
        }
    }

    private async Task<TransportEnd?> LoopAsync(CancellationToken cancellationToken)
    {
        var reconnecting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokenUsed = token();
            var close = await ConnectAndReadAsync(tokenUsed, reconnecting, cancellationToken);
            reconnecting = true;
            if (close.Code is ProtocolError or SessionNotFound)
            {
                return new TransportEnd(close.Code, close.Reason);
            }

            if (close.Code == Unauthorized && token() != tokenUsed)
            {
                // The server closes a socket when the token it was opened with expires; a newer one is already here (the
                // refresh ran ahead of expiry), so resume with it at once: nothing to recover.
                continue;
            }

            if (close.Code == Unauthorized)
            {
                onAuthRejected();
                if (token() == tokenUsed && !await WaitForNewTokenAsync(tokenUsed, cancellationToken))
                {
                    return new TransportEnd(close.Code, "the server rejected the session token: " + close.Reason);
                }

                continue;
            }

            if (!_loggedFailure)
            {
                _loggedFailure = true;
                Log.Disconnected(logger, socketUrl.AbsolutePath, close.Code, close.Reason);
            }

            onState(TransportState.Reconnecting);
            if (_schedule.Next() is not { } delay)
            {
                return new TransportEnd(null, $"could not reconnect to session ingress within {options.ReconnectBudget.TotalMinutes:0} minutes: {close.Reason}");
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    // The token may be refreshed by a re-dispatch; wait for it (checking each second) for as long as a reconnect would try.
    private async Task<bool> WaitForNewTokenAsync(string rejected, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.ReconnectBudget;
        while (timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken);
            if (token() != rejected)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<(int? Code, string Reason)> ConnectAndReadAsync(string tokenUsed, bool reconnecting, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + tokenUsed);
        socket.Options.SetRequestHeader("anthropic-version", "2023-06-01");
        if (reconnecting && lastSentUuid() is { } uuid)
        {
            socket.Options.SetRequestHeader("X-Last-Request-Id", uuid);
        }

        socket.Options.KeepAliveInterval = options.PingInterval;
        socket.Options.KeepAliveTimeout = options.PingInterval;
        socket.Options.CollectHttpResponseDetails = true;
        var url = LastSequenceNum > 0 ? new Uri($"{socketUrl}?from_sequence_num={LastSequenceNum}") : socketUrl;
        try
        {
            await socket.ConnectAsync(url, invoker, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return socket.HttpStatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (Unauthorized, $"handshake rejected ({(int)socket.HttpStatusCode})"),
                HttpStatusCode.NotFound => (SessionNotFound, "session ingress not found (404)"),
                _ => (null, ex.Message),
            };
        }

        _schedule.Reset();
        if (_loggedFailure)
        {
            _loggedFailure = false;
            Log.Reconnected(logger, socketUrl.AbsolutePath, LastSequenceNum);
        }

        onState(TransportState.Connected);
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var suspension = WatchForSuspensionAsync(socket, watchdog.Token);
        try
        {
            return await ReceiveAsync(socket, cancellationToken);
        }
        finally
        {
            await watchdog.CancelAsync();
            await suspension;
            await CloseQuietlyAsync(socket);
        }
    }

    private async Task<(int? Code, string Reason)> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return ((int?)socket.CloseStatus, socket.CloseStatusDescription ?? "closed by the server");
                    }

                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                await DeliverAsync(buffer.WrittenMemory, cancellationToken);
            }
        }
        catch (Exception ex) when ((ex is WebSocketException or IOException || ex is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return (null, ex.Message);
        }
    }

    // A frame may hold several NDJSON lines; stored events carry sequence_num, and any at or below the mark were seen.
    private async Task DeliverAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        foreach (var line in Encoding.UTF8.GetString(frame.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var seq = ReadSequence(line);
            if (seq is { } s)
            {
                if (s <= LastSequenceNum)
                {
                    continue;
                }

                Interlocked.Exchange(ref _lastSeq, s);
            }

            await inbound.WriteAsync(line, cancellationToken);
        }
    }

    private static long? ReadSequence(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("sequence_num", out var seq) && seq.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task WatchForSuspensionAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PingInterval, timeProvider);
        var last = timeProvider.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = timeProvider.GetUtcNow();
                if (now - last > options.SuspensionGap)
                {
                    // Whatever the socket believes, the server has long since timed it out.
                    Log.Suspended(logger, (int)(now - last).TotalSeconds);
                    _schedule.Reset();
                    socket.Abort();
                    return;
                }

                last = now;
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bridge closing", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer is gone; nothing to tell it.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Session ingress `{Path}` disconnected (code {Code}: {Reason}); reconnecting")]
        public static partial void Disconnected(ILogger logger, string path, int? code, string reason);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Session ingress `{Path}` reconnected, resuming after sequence {Seq}")]
        public static partial void Reconnected(ILogger logger, string path, long seq);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "No timer tick for {Seconds} s (the machine slept?); reconnecting")]
        public static partial void Suspended(ILogger logger, int seconds);
    }
}
