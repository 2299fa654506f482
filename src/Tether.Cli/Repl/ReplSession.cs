using System.Text.Json;
using System.Threading.Channels;
using Tether.Bridge.Agents;
using Tether.Cli.Connection;
using Tether.Cli.Conversation;
using Tether.Cli.Terminal;

namespace Tether.Cli.Repl;

/// <summary>
/// A local front end to an agent in this terminal: prompts typed here go to the agent's stdin, its stream-json is
/// rendered, its permission prompts are answered here. <c>/remote-control</c> mirrors the session to the server (see
/// <c>ReplSession.Mirror.cs</c>); while mirrored, prompts may also come from the web and a permission prompt is asked in
/// both places, the first answer winning. Loops: agent output, typed input, Ctrl+C, and the mirror's inbound stream.
/// </summary>
internal sealed partial class ReplSession
{
    private const int HistoryCap = 200;

    private readonly AgentProcess _agent;
    private readonly ReplSettings _settings;
    private readonly CliHost _host;
    private readonly Func<CancellationToken, Task<(ServerLogin? Login, string? Error)>> _login;
    private readonly TranscriptRenderer _renderer;
    private readonly PendingPrompts _prompts = new();
    private readonly List<JsonElement> _history = [];
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<DateTimeOffset> _interrupts = Channel.CreateBounded<DateTimeOffset>(
        new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private volatile bool _turnInFlight;
    private volatile bool _exitWhenIdle;
    private string? _firstPrompt;

    public ReplSession(AgentProcess agent, ReplSettings settings, CliHost host, Func<CancellationToken, Task<(ServerLogin? Login, string? Error)>> login)
    {
        _agent = agent;
        _settings = settings;
        _host = host;
        _login = login;
        _renderer = new TranscriptRenderer(host.Out, new Ansi(host.OutputIsTerminal));
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var registration = _host.Interrupts.Subscribe(() => _interrupts.Writer.TryWrite(_host.Time.GetUtcNow()));
        var output = PumpAgentAsync(stop.Token);
        if (_settings.RemoteControl)
        {
            await StartMirrorAsync(_settings.RemoteName, stop.Token);
        }

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

        await StopMirrorAsync(CancellationToken.None);
        _agent.CompleteInput();
        await stop.CancelAsync();
        await Quietly(interrupts);
        await _agent.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await Quietly(output);
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

    private void Exit(int code) => _exit.TrySetResult(code);

    private async Task HandleInterruptsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        await foreach (var at in _interrupts.Reader.ReadAllAsync(cancellationToken))
        {
            if (last is { } previous && at - previous <= TimeSpan.FromSeconds(2))
            {
                Exit(ExitCodes.Ok);
                return;
            }

            last = at;
            await _agent.WriteLineAsync(ClientMessages.ControlRequest(Guid.NewGuid().ToString(), "interrupt"), cancellationToken);
            _renderer.Notice("Interrupted. Press Ctrl+C again within 2 s to exit.");
        }
    }

    private void Remember(JsonElement message)
    {
        lock (_history)
        {
            _history.Add(message);
            if (_history.Count > HistoryCap)
            {
                _history.RemoveAt(0);
            }
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
}
