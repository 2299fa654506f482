using System.Net.WebSockets;

namespace Tether.Bench.Load;

/// <summary>The baseline's write path: one WebSocket text frame per event to the bare broadcaster.</summary>
internal sealed class SocketPublisher : IPublisher
{
    private readonly ClientWebSocket _socket;
    private readonly string _padding;

    private SocketPublisher(ClientWebSocket socket, string padding)
    {
        _socket = socket;
        _padding = padding;
    }

    public static async Task<SocketPublisher> ConnectAsync(Uri uri, string padding, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(uri, cancellationToken);
        return new SocketPublisher(socket, padding);
    }

    public async Task PublishAsync(long[] timestamps, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await _socket.SendAsync(EventPayload.Frame(_padding, timestamps[i]), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _socket.Abort();
        }

        _socket.Dispose();
    }
}
