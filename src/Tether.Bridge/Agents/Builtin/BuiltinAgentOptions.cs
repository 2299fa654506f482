namespace Tether.Bridge.Agents.Builtin;

/// <summary>How one <c>tether agent</c> process runs.</summary>
internal sealed record BuiltinAgentOptions
{
    /// <summary>Where prompts run as shell commands.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The starting permission mode (one of <see cref="PermissionModes"/>).</summary>
    public string PermissionMode { get; init; } = PermissionModes.Default;

    /// <summary>Reported in every message, as <c>claude --session-id</c> does.</summary>
    public required string SessionId { get; init; }

    /// <summary>Echo each inbound user message back with <c>isReplay: true</c> (claude's <c>--replay-user-messages</c>).</summary>
    public bool ReplayUserMessages { get; init; }

    /// <summary>Longest accepted stdin line; longer lines are reported and skipped.</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>How much of a command's output goes into its tool result.</summary>
    public int MaxOutputBytes { get; init; } = 64 * 1024;

    /// <summary>Time between SIGTERM and SIGKILL when a command is interrupted.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);
}
