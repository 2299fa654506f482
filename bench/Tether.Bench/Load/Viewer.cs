using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;

namespace Tether.Bench.Load;

/// <summary>
/// One viewer on a real WebSocket: records, for each frame carrying <c>bench_t</c>, the time from the worker's write to
/// this receipt, and checks that stored events arrive in sequence (no gap, no duplicate) across reconnects.
/// </summary>
internal sealed class Viewer : IAsyncDisposable
{
    private readonly Uri _baseUri;
    private readonly string? _token;
    private ClientWebSocket? _socket;
    private Task _receiving = Task.CompletedTask;
    private long _lastSeq;

    public Viewer(Uri baseUri, string? token)
    {
        _baseUri = baseUri;
        _token = token;
    }

    public LatencySamples Samples { get; } = new();

    /// <summary>When false, frames are counted but no latency is recorded (warm-up).</summary>
    public volatile bool Recording;

    public long Received;

    public long LastSeq => Volatile.Read(ref _lastSeq);

    public int Gaps;

    public int Duplicates;

    /// <summary>Set by the storm: the sequence number that counts as "caught up", and when it was reached.</summary>
    public long ResumeTarget = long.MaxValue;

    public long ResumedAt;

    public Task Receiving => _receiving;

    /// <summary>Connects (resuming after <see cref="LastSeq"/> when <paramref name="resume"/>) and starts receiving.</summary>
    public async Task ConnectAsync(bool resume, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (_token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
        }

        var uri = resume && LastSeq > 0 ? new Uri(_baseUri + (_baseUri.Query.Length > 0 ? "&" : "?") + "from_sequence_num=" + LastSeq) : _baseUri;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _receiving = ReceiveAsync(socket);
    }

    /// <summary>Drops the connection without a close handshake, as a lost network does.</summary>
    public void Abort()
    {
        _socket?.Abort();
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                filled += result.Count;
                if (result.EndOfMessage)
                {
                    OnFrame(buffer.AsSpan(0, filled));
                    filled = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Dropped; the owner decides whether to reconnect.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        var now = Stopwatch.GetTimestamp();
        if (!EventPayload.TryReadTimestamp(frame, out var sent))
        {
            return;
        }

        Received++;
        if (Recording)
        {
            Samples.Add(now - sent);
        }

        if (EventPayload.TryReadSequence(frame, out var seq))
        {
            var last = LastSeq;
            if (seq <= last)
            {
                Duplicates++;
                return;
            }

            if (seq != last + 1 && last != 0)
            {
                Gaps++;
            }

            Volatile.Write(ref _lastSeq, seq);
            if (seq >= ResumeTarget && ResumedAt == 0)
            {
                ResumedAt = now;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open } socket)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
                await _receiving.WaitAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
            {
                socket.Abort();
            }
        }

        _socket?.Dispose();
    }
}
