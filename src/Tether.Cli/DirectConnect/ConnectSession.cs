using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Tether.Cli.Conversation;
using Tether.Cli.Terminal;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// The client side of one direct-connect session: a REPL-like loop over the WebSocket. Agent lines are rendered,
/// <c>can_use_tool</c> prompts are answered inline, other control requests get the reference client's error, typed lines
/// become user messages, Ctrl+C interrupts (twice within 2 s exits). No reconnects, as in the reference client.
/// </summary>
internal sealed partial class ConnectSession(WebSocket socket, CliHost host)
{
    private static readonly HashSet<string> s_hidden =
        ["control_response", "keep_alive", "streamlined_text", "streamlined_tool_use_summary"];

    private readonly TranscriptRenderer _renderer = new(host.Out, new Ansi(host.OutputIsTerminal));
    private readonly PendingPrompts _prompts = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<DateTimeOffset> _interrupts = Channel.CreateBounded<DateTimeOffset>(
        new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private volatile bool _turnInFlight;
    private volatile bool _exitWhenIdle;
    private bool _sawInit;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var registration = host.Interrupts.Subscribe(() => _interrupts.Writer.TryWrite(host.Time.GetUtcNow()));
        var receive = ReceiveAsync(stop.Token);
        // Console.In reads synchronously even through ReadLineAsync: on the caller's thread it would hold up every loop started after it.
        var input = Task.Run(() => ReadInputAsync(stop.Token));
        var interrupts = HandleInterruptsAsync(stop.Token);
        int code;
        try
        {
            code = await _exit.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            code = ExitCodes.Ok;
        }

        await stop.CancelAsync();
        if (socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Quietly(socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client left", timeout.Token));
        }

        await Quietly(receive);
        await Quietly(interrupts);
        try
        {
            // A read blocked inside the OS on a real console cannot be cancelled; the process exit ends it.
            await Quietly(input).WaitAsync(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }

        return code;
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
            }
            catch (WebSocketException ex)
            {
                _renderer.Error($"Connection lost: {ex.Message}");
                _exit.TrySetResult(ExitCodes.Transient);
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _renderer.Notice($"The session ended ({socket.CloseStatusDescription}).");
                _exit.TrySetResult(ExitCodes.Ok);
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
                JsonElement parsed;
                try
                {
                    parsed = JsonFields.Parse(line);
                }
                catch (JsonException)
                {
                    continue;
                }

                await HandleAsync(parsed, cancellationToken);
            }
        }
    }

    private async Task HandleAsync(JsonElement message, CancellationToken cancellationToken)
    {
        var type = JsonFields.Type(message);
        if (s_hidden.Contains(type) || (type == "system" && JsonFields.String(message, "subtype") == "post_turn_summary"))
        {
            return;
        }

        switch (type)
        {
            case "control_request" when JsonFields.RequestId(message) is { } requestId:
                var request = JsonFields.Object(message, "request");
                var subtype = request is { } r ? JsonFields.String(r, "subtype") : null;
                if (subtype == "can_use_tool" && _prompts.Add(requestId, request!.Value))
                {
                    _renderer.PermissionPrompt(request.Value, canAnswer: true);
                }
                else if (subtype != "can_use_tool")
                {
                    await SendAsync(ClientMessages.ControlError(requestId, $"Unsupported control request subtype: {subtype}"), cancellationToken);
                }

                break;
            case "control_cancel_request":
                if (JsonFields.RequestId(message) is { } cancelled && _prompts.Remove(cancelled))
                {
                    _renderer.Notice("The permission prompt was withdrawn.");
                }

                break;
            case "system" when JsonFields.String(message, "subtype") == "init":
                // The agent repeats system/init every turn; show it once.
                if (!_sawInit)
                {
                    _sawInit = true;
                    _renderer.Render(message);
                }

                break;
            case "user" when JsonFields.Bool(message, "isReplay"):
                break;
            case "result":
                _prompts.Clear();
                _renderer.Render(message);
                _turnInFlight = false;
                if (_exitWhenIdle)
                {
                    _exit.TrySetResult(ExitCodes.Ok);
                }

                break;
            default:
                _renderer.Render(message);
                break;
        }
    }

    private async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json + "\n"), WebSocketMessageType.Text, true, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            _renderer.Error($"Not sent, the connection is gone: {ex.Message}");
        }
        finally
        {
            _sendLock.Release();
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
        }
    }
}
