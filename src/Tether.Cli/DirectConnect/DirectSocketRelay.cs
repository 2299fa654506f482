using System.Net.WebSockets;
using System.Text;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// One client socket on a session: agent lines go out one per text frame (each ending in a newline); inbound frames may
/// hold several NDJSON lines and each becomes one stdin line. Ends when the client leaves or the agent's output ends.
/// </summary>
internal sealed class DirectSocketRelay(WebSocket socket, DirectSession session, TimeProvider timeProvider)
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var send = SendAsync(stop.Token, cancellationToken);
        var receive = ReceiveAsync(stop.Token);
        var first = await Task.WhenAny(send, receive);
        await stop.CancelAsync();
        await Quietly(receive);
        // The send loop stops at its next read, but a frame already on its way is let finish: cancelling a WebSocket send
        // aborts the socket, and a client that is closing would lose its close reply. A client that stopped reading
        // cannot hold the frame up for longer than the close timeout.
        using (var grace = new CancellationTokenSource(CloseTimeout, timeProvider))
        {
            await Quietly(send.WaitAsync(grace.Token));
            if (!send.IsCompleted)
            {
                socket.Abort();
                await Quietly(send);
            }
        }

        // Answers the client's close, or tells it the agent's output ended.
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout, timeProvider);
            await Quietly(socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, first == send ? "session ended" : "", timeout.Token));
        }
    }

    /// <summary>Sends agent lines until <paramref name="stop"/>; each frame is cancelled only by <paramref name="aborted"/>.</summary>
    private async Task SendAsync(CancellationToken stop, CancellationToken aborted)
    {
        await foreach (var line in session.ToClient.ReadAllAsync(stop))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), WebSocketMessageType.Text, true, aborted);
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await session.SendToAgentAsync(line, cancellationToken);
            }
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The other side is gone or we are stopping; either way this loop is done.
        }
    }
}
