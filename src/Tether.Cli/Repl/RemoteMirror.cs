using Tether.Client.CodeSessions;

namespace Tether.Cli.Repl;

/// <summary>An active mirror: the bridge, its inbound loop and the control requests forwarded from the server to the agent.</summary>
internal sealed class RemoteMirror(CodeSessionBridge bridge, CancellationTokenSource stop)
{
    private readonly HashSet<string> _forwarded = [];
    private readonly HashSet<string> _seenPrompts = [];

    public CodeSessionBridge Bridge { get; } = bridge;

    public CancellationTokenSource Stop { get; } = stop;

    public Task Inbound { get; set; } = Task.CompletedTask;

    /// <summary>A control request from the server now waiting for the agent's response.</summary>
    public void Forwarded(string requestId)
    {
        lock (_forwarded)
        {
            _forwarded.Add(requestId);
        }
    }

    /// <summary>True (once) when <paramref name="requestId"/> was forwarded from the server, so its response goes back there.</summary>
    public bool TakeForwarded(string requestId)
    {
        lock (_forwarded)
        {
            return _forwarded.Remove(requestId);
        }
    }

    /// <summary>False for a prompt uuid already injected (a redelivery).</summary>
    public bool FirstTime(string? uuid)
    {
        if (uuid is null)
        {
            return true;
        }

        lock (_seenPrompts)
        {
            return _seenPrompts.Add(uuid);
        }
    }
}
