using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Tether.Testing;

/// <summary>A raw WebSocket subscriber for tests: connect, read frames as JSON, send frames, observe the close code.</summary>
public sealed class SessionSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private SessionSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<SessionSocket> ConnectAsync(
        Uri baseAddress, string path, string? token, string? origin = null, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = path.Split('?')[0], Query = path.Contains('?') ? path[(path.IndexOf('?') + 1)..] : "" }.Uri;
        await socket.ConnectAsync(uri, cancellationToken);
        return new SessionSocket(socket);
    }

    /// <summary>The next text frame as JSON, or null when the server closed the socket.</summary>
    public async Task<JsonNode?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()));
            }
        }
    }

    /// <summary>Reads frames until one matches, skipping ephemeral <c>session_update</c> frames unless asked for.</summary>
    public async Task<JsonNode> ReceiveUntilAsync(Func<JsonNode, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReceiveAsync(cancellationToken) ?? throw new InvalidOperationException($"socket closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Reads frames until the server closes, returning the stored events it sent (those with a sequence number).</summary>
    public async Task<List<JsonNode>> ReceiveStoredAsync(int count, CancellationToken cancellationToken)
    {
        var stored = new List<JsonNode>();
        while (stored.Count < count)
        {
            var frame = await ReceiveAsync(cancellationToken) ?? throw new InvalidOperationException($"socket closed after {stored.Count} events: {_socket.CloseStatus}");
            if (frame["sequence_num"] is not null)
            {
                stored.Add(frame);
            }
        }

        return stored;
    }

    public Task SendAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        _socket.Dispose();
    }
}
