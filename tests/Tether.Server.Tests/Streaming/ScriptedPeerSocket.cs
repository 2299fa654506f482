using System.Net.WebSockets;

namespace Tether.Server.Tests.Streaming;

/// <summary>
/// The far end of a socket, driven by the test: it closes when told, and its sends stall until released. As with the
/// runtime's own WebSocket, cancelling a send in flight aborts the socket.
/// </summary>
internal sealed class ScriptedPeerSocket : WebSocket
{
    private readonly TaskCompletionSource _peerCloses = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sendsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState _state = WebSocketState.Open;

    public override WebSocketCloseStatus? CloseStatus => SentClose;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    /// <summary>The close code this side sent, if it sent one.</summary>
    public WebSocketCloseStatus? SentClose { get; private set; }

    /// <summary>Whether a send was cancelled while its frame was on the way (which aborts a real socket).</summary>
    public bool SendCancelledInFlight { get; private set; }

    public int FramesSent { get; private set; }

    /// <summary>Completes when the first send is on its way.</summary>
    public Task SendStarted => _sendStarted.Task;

    /// <summary>The peer's close frame arrives.</summary>
    public void PeerCloses() => _peerCloses.TrySetResult();

    /// <summary>Every stalled send finishes, and later ones go through at once.</summary>
    public void ReleaseSends() => _sendsReleased.TrySetResult();

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await _peerCloses.Task.WaitAsync(cancellationToken);
        _state = WebSocketState.CloseReceived;
        return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask SendAsync(
        ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        _sendStarted.TrySetResult();
        try
        {
            await _sendsReleased.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            SendCancelledInFlight = true;
            Abort();
            throw;
        }

        FramesSent++;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        SentClose = closeStatus;
        _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        return Task.CompletedTask;
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => _state = WebSocketState.Aborted;

    public override void Dispose()
    {
    }
}
