using System.Text.Json;
using System.Threading.Channels;
using Tether.Bridge.Agents;
using Tether.Cli.Conversation;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// One agent process served over direct connect. Its stdout lines wait in a bounded queue for the attached client; while
/// no client is attached the queue fills and then holds the agent back, so a reattaching client misses nothing.
/// </summary>
internal sealed class DirectSession : IAsyncDisposable
{
    private readonly AgentProcess _agent;
    private readonly Channel<string> _toClient = Channel.CreateBounded<string>(new BoundedChannelOptions(1024)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = true,
        SingleReader = true,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _attached;

    public DirectSession(string id, string cwd, string? permissionMode, AgentProcess agent, DateTimeOffset createdAt, string? transcriptSessionId)
    {
        Id = id;
        Cwd = cwd;
        PermissionMode = permissionMode;
        CreatedAt = createdAt;
        TranscriptSessionId = transcriptSessionId;
        _agent = agent;
        _pump = PumpAsync();
    }

    public string Id { get; }

    public string Cwd { get; }

    public string? PermissionMode { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The agent's own session id, from its first <c>system/init</c>.</summary>
    public string? TranscriptSessionId { get; private set; }

    /// <summary>Agent output for the attached client; completes when the agent's stdout closes.</summary>
    public ChannelReader<string> ToClient => _toClient.Reader;

    public Task<AgentExitResult> Completion => _agent.Completion;

    /// <summary>Claims the session for one client; false when another client holds it.</summary>
    public bool TryAttach() => Interlocked.CompareExchange(ref _attached, 1, 0) == 0;

    public void Detach() => Volatile.Write(ref _attached, 0);

    public ValueTask<bool> SendToAgentAsync(string line, CancellationToken cancellationToken) => _agent.WriteLineAsync(line, cancellationToken);

    public Task<AgentExitResult> StopAsync(CancellationToken cancellationToken) => _agent.StopAsync(TimeSpan.FromSeconds(5), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _agent.DisposeAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // The queue was full with no client to drain it.
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (var output in _agent.Output.ReadAllAsync(_stop.Token))
        {
            if (output.Kind != AgentOutputKind.Line)
            {
                continue;
            }

            var line = output.Text;
            if (TranscriptSessionId is null && line.Contains("\"init\"", StringComparison.Ordinal))
            {
                var message = JsonFields.Parse(line);
                if (JsonFields.String(message, "subtype") == "init" && JsonFields.String(message, "session_id") is { } transcriptId)
                {
                    TranscriptSessionId = transcriptId;
                }
            }

            await _toClient.Writer.WriteAsync(line, _stop.Token);
        }

        _toClient.Writer.TryComplete();
    }
}
