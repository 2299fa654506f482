using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Tether.Client.Http;

namespace Tether.Client.Streaming;

/// <summary>
/// A live subscription to a session over <c>/v1/sessions/ws/{id}/subscribe</c>. Frames arrive in order through
/// <see cref="ReadAllAsync"/>; after a dropped connection it reconnects and resumes from the last sequence number it saw,
/// so the reader sees every stored event exactly once.
/// </summary>
public sealed class SessionSubscriber : IAsyncDisposable
{
    private readonly Uri _baseUrl;
    private readonly string _token;
    private readonly string _sessionId;
    private readonly SessionSubscriberOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<JsonElement> _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly HttpMessageInvoker _invoker;
    private ClientWebSocket? _socket;
    private Task? _pump;
    private long _lastSeq;

    /// <summary>Creates a subscriber that will resume after <paramref name="fromSequenceNum"/>.</summary>
    /// <param name="baseUrl">The server.</param>
    /// <param name="token">The API token.</param>
    /// <param name="sessionId">The session to follow.</param>
    /// <param name="fromSequenceNum">Frames up to this sequence number are not replayed.</param>
    /// <param name="options">Buffering and reconnect settings.</param>
    /// <param name="timeProvider">The clock for reconnect delays.</param>
    /// <param name="handler">The HTTP handler the socket connects through; null uses <see cref="OutboundHttp.CreateHandler"/> (proxy and extra CA bundles). Not disposed by the subscriber.</param>
    public SessionSubscriber(
        Uri baseUrl, string token, string sessionId, long fromSequenceNum = 0, SessionSubscriberOptions? options = null, TimeProvider? timeProvider = null,
        HttpMessageHandler? handler = null)
    {
        _invoker = handler is null ? new HttpMessageInvoker(OutboundHttp.CreateHandler(), disposeHandler: true) : new HttpMessageInvoker(handler, disposeHandler: false);
        _baseUrl = baseUrl;
        _token = token;
        _sessionId = sessionId;
        _lastSeq = fromSequenceNum;
        _options = options ?? new SessionSubscriberOptions();
        _time = timeProvider ?? TimeProvider.System;
        _frames = Channel.CreateBounded<JsonElement>(new BoundedChannelOptions(_options.BufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The highest sequence number delivered so far.</summary>
    public long LastSequenceNum => Interlocked.Read(ref _lastSeq);

    /// <summary>The current connection state.</summary>
    public SubscriberState State { get; private set; } = SubscriberState.Connecting;

    /// <summary>Raised on every state change.</summary>
    public event Action<SubscriberState>? StateChanged;

    /// <summary>Opens the first connection (failing fast if the server refuses it) and starts streaming.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _socket = await ConnectAsync(cancellationToken);
        SetState(SubscriberState.Connected);
        _pump = PumpAsync(_socket, _stop.Token);
    }

    /// <summary>Every frame in order: stored events (with <c>sequence_num</c>) once each, and ephemeral frames.</summary>
    public IAsyncEnumerable<JsonElement> ReadAllAsync(CancellationToken cancellationToken) => _frames.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Sends a client event (a control response or request) on the live socket.</summary>
    public async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("Not connected.");
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json + "\n"), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the current connection as a network failure would; the subscriber reconnects and resumes.</summary>
    public void Abort() => _socket?.Abort();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket?.Abort();
        if (_pump is not null)
        {
            try
            {
                await _pump;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        _socket?.Dispose();
        _invoker.Dispose();
        _stop.Dispose();
        SetState(SubscriberState.Closed);
    }

    private async Task PumpAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        int reconnects = 0, notFound = 0;
        try
        {
            while (true)
            {
                var closeCode = await ReceiveUntilClosedAsync(socket, cancellationToken);
                if (closeCode == 4003)
                {
                    throw new SubscriptionEndedException(4003, "The server refused this subscription (unauthorized).");
                }

                if (closeCode == 4001 && ++notFound > _options.MaxNotFoundRetries)
                {
                    throw new SubscriptionEndedException(4001, "Session not found.");
                }

                SetState(SubscriberState.Reconnecting);
                while (true)
                {
                    if (closeCode != 4001 && ++reconnects > _options.MaxReconnectAttempts)
                    {
                        throw new SubscriptionEndedException(closeCode, $"Connection lost (close code {closeCode}); gave up after {_options.MaxReconnectAttempts} attempts.");
                    }

                    var delay = closeCode == 4001 ? _options.ReconnectDelay * notFound : _options.ReconnectDelay;
                    await Task.Delay(delay, _time, cancellationToken);
                    try
                    {
                        socket.Dispose();
                        socket = await ConnectAsync(cancellationToken);
                        _socket = socket;
                        reconnects = 0;
                        SetState(SubscriberState.Connected);
                        break;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is WebSocketException or HttpRequestException or IOException)
                    {
                        closeCode = 1006;
                    }
                }
            }
        }
        catch (SubscriptionEndedException ended)
        {
            _frames.Writer.TryComplete(ended);
            SetState(SubscriberState.Closed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _frames.Writer.TryComplete();
        }
    }

    /// <summary>Reads frames until the socket closes; returns the close code (1006 for a dropped connection).</summary>
    private async Task<int> ReceiveUntilClosedAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (int?)socket.CloseStatus ?? 1005;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                await DeliverAsync(message.GetBuffer().AsMemory(0, (int)message.Length), cancellationToken);
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // An aborted or reset connection surfaces as any of these; all mean "dropped".
            return 1006;
        }
    }

    private async Task DeliverAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(frame);
            element = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("sequence_num", out var seqElement) && seqElement.TryGetInt64(out var seq))
        {
            if (seq <= LastSequenceNum)
            {
                return;
            }

            Interlocked.Exchange(ref _lastSeq, seq);
        }

        await _frames.Writer.WriteAsync(element, cancellationToken);
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {_token}");
        socket.Options.SetRequestHeader("anthropic-version", "2023-06-01");
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        var uri = new UriBuilder(_baseUrl)
        {
            Scheme = _baseUrl.Scheme == "https" ? "wss" : "ws",
            Path = $"/v1/sessions/ws/{Uri.EscapeDataString(_sessionId)}/subscribe",
            Query = $"from_sequence_num={LastSequenceNum}",
        }.Uri;
        try
        {
            await socket.ConnectAsync(uri, _invoker, cancellationToken);
            return socket;
        }
        catch (WebSocketException ex) when (ConnectionFailure.IsCertificateProblem(ex, out _))
        {
            // Retrying cannot help until a CA bundle is configured; say so in the words every client uses.
            socket.Dispose();
            throw new HttpRequestException(ConnectionFailure.Describe(ex, _baseUrl.ToString()), ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void SetState(SubscriberState state)
    {
        if (State != state)
        {
            State = state;
            StateChanged?.Invoke(state);
        }
    }
}
