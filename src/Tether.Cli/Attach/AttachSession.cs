using System.Text.Json;
using System.Threading.Channels;
using Tether.Client.Sessions;
using Tether.Client.Streaming;
using Tether.Cli.Connection;
using Tether.Cli.Conversation;
using Tether.Cli.Terminal;

namespace Tether.Cli.Attach;

/// <summary>
/// A terminal attached to a running session: streams its transcript, posts typed prompts, answers permission prompts
/// inline, turns Ctrl+C into an interrupt (twice within 2 s exits) and warns when a prompt gets no reaction for 60 s.
/// Three loops (frames, input, interrupts) run until one of them decides the exit code.
/// </summary>
internal sealed partial class AttachSession
{
    private readonly SessionsClient _sessions;
    private readonly SessionSubscriber _subscriber;
    private readonly AttachSettings _settings;
    private readonly CliHost _host;
    private readonly ServerLogin _login;
    private readonly TranscriptRenderer _renderer;
    private readonly PendingPrompts _prompts = new();
    private readonly EchoRing _echoes = new();
    private readonly HashSet<string> _answeredHere = [];
    private readonly Channel<DateTimeOffset> _interrupts = Channel.CreateBounded<DateTimeOffset>(
        new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Channel<(string RequestId, string Subtype)> _unsupported = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _turnInFlight;
    private volatile bool _exitWhenIdle;
    private bool _caughtUp;
    private bool _reconnecting;

    public AttachSession(SessionsClient sessions, SessionSubscriber subscriber, AttachSettings settings, CliHost host, ServerLogin login)
    {
        _sessions = sessions;
        _subscriber = subscriber;
        _settings = settings;
        _host = host;
        _login = login;
        _renderer = new TranscriptRenderer(host.Out, new Ansi(host.OutputIsTerminal));
        _turnInFlight = settings.TurnInFlight;
        _caughtUp = settings.HistoryEnd <= 0;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stuck = new StuckDetector(_host.Time, _settings.StuckAfter, OnStuck);
        _subscriber.StateChanged += OnStateChanged;
        using var interruptRegistration = _host.Interrupts.Subscribe(() => _interrupts.Writer.TryWrite(_host.Time.GetUtcNow()));
        try
        {
            await _subscriber.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException)
        {
            await _host.Error.WriteLineAsync($"Cannot subscribe to {_settings.SessionId} at {_login.Display}: {ex.Message}");
            return ExitCodes.Transient;
        }

        if (_settings.Banner is { } banner)
        {
            await _host.Out.WriteLineAsync(banner);
        }

        var frames = PumpFramesAsync(stuck, stop.Token);
        // Console.In reads synchronously even through ReadLineAsync: on the caller's thread it would hold up every loop started after it.
        var input = Task.Run(() => ReadInputAsync(stuck, stop.Token));
        var interrupts = HandleInterruptsAsync(stop.Token);
        var unsupported = RefuseUnsupportedAsync(stop.Token);
        int exitCode;
        try
        {
            exitCode = await _exit.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            exitCode = ExitCodes.Ok;
        }

        await stop.CancelAsync();
        _subscriber.StateChanged -= OnStateChanged;
        await _subscriber.DisposeAsync();
        await Quietly(frames);
        await Quietly(interrupts);
        await Quietly(unsupported);
        try
        {
            // A read blocked inside the OS on a real console cannot be cancelled; the process exit ends it.
            await Quietly(input).WaitAsync(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }

        return exitCode;
    }

    private void Exit(int code) => _exit.TrySetResult(code);

    private async Task PumpFramesAsync(StuckDetector stuck, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _subscriber.ReadAllAsync(cancellationToken))
            {
                // Our own prompt coming back, or the server noting the status change it caused, is no sign of life from the agent.
                if (!_echoes.Contains(JsonFields.String(frame, "uuid")) && JsonFields.Type(frame) != "session_update")
                {
                    stuck.Disarm();
                }

                HandleFrame(frame);
            }
        }
        catch (Exception ex) when (Ended(ex) is { } ended)
        {
            _renderer.Error(ended.CloseCode == 4003
                ? $"{_login.Display} refused the subscription: {LoginResolver.HowToLogIn(_login.Display)}."
                : ended.Message);
            Exit(ended.CloseCode is 4003 or 4001 ? ExitCodes.Fatal : ExitCodes.Transient);
        }
    }

    private static SubscriptionEndedException? Ended(Exception ex) =>
        ex as SubscriptionEndedException ?? ex.InnerException as SubscriptionEndedException;

    private async Task HandleInterruptsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        await foreach (var at in _interrupts.Reader.ReadAllAsync(cancellationToken))
        {
            if (_settings.Viewer || (last is { } previous && at - previous <= _settings.DoubleInterruptWindow))
            {
                Exit(ExitCodes.Ok);
                return;
            }

            last = at;
            await InterruptAsync(cancellationToken);
            _renderer.Notice("Interrupt sent. Press Ctrl+C again within 2 s to exit.");
        }
    }

    private async Task RefuseUnsupportedAsync(CancellationToken cancellationToken)
    {
        await foreach (var (requestId, subtype) in _unsupported.Reader.ReadAllAsync(cancellationToken))
        {
            var reply = ClientMessages.ControlError(requestId, $"Unsupported control request subtype: {subtype}");
            await _sessions.PostEventsAsync(_settings.SessionId, [Element(reply)], cancellationToken);
        }
    }

    private void OnStuck()
    {
        _renderer.Warning("Remote session may be unresponsive. Attempting to reconnect…");
        _subscriber.Abort();
    }

    private void OnStateChanged(SubscriberState state)
    {
        if (state == SubscriberState.Reconnecting && !_reconnecting)
        {
            _reconnecting = true;
            _renderer.Notice("Connection lost; reconnecting…");
        }
        else if (state == SubscriberState.Connected && _reconnecting)
        {
            _reconnecting = false;
            _renderer.Notice($"Reconnected; resuming after event {_subscriber.LastSequenceNum}.");
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static JsonElement Element(string json) => JsonFields.Parse(json);
}
