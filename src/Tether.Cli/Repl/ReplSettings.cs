using Tether.Bridge.Agents;

namespace Tether.Cli.Repl;

/// <summary>How one <c>tether repl</c> runs.</summary>
internal sealed record ReplSettings
{
    public required AgentSpec Agent { get; init; }

    public required string WorkingDirectory { get; init; }

    public string? Model { get; init; }

    public string? PermissionMode { get; init; }

    /// <summary>Mirror to the server from the start (<c>--remote-control</c>).</summary>
    public bool RemoteControl { get; init; }

    /// <summary>The mirrored session's title (<c>--remote-control NAME</c>).</summary>
    public string? RemoteName { get; init; }

    /// <summary>Mirror without accepting prompts, answers or control requests from the server.</summary>
    public bool OutboundOnly { get; init; }
}
