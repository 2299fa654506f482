using Tether.Bridge.Agents;

namespace Tether.Bridge.Sessions;

/// <summary>How a session ended.</summary>
/// <param name="Status">The exit mapping of §7.4, with a timeout-killed child relabelled <see cref="AgentExitStatus.Failed"/> (§15.11).</param>
/// <param name="Exit">The child's exit, when it ran.</param>
/// <param name="Error">Why it could not start or why it failed, for the user.</param>
/// <param name="TimedOut">The session timeout killed it.</param>
/// <param name="EndedByServer">The server ended the session (archived or stopped); nothing more to tell it.</param>
/// <param name="EndedByShutdown">The bridge is shutting down; the shutdown sequence stops and archives.</param>
internal sealed record SessionOutcome(
    AgentExitStatus Status, AgentExitResult? Exit, string? Error, bool TimedOut = false, bool EndedByServer = false, bool EndedByShutdown = false)
{
    /// <summary>Interrupted by someone else: the server or the user stops it, not this session's own cleanup.</summary>
    public bool IsInterruption => Status == AgentExitStatus.Interrupted;

    public static SessionOutcome Failed(string error) => new(AgentExitStatus.Failed, null, error);
}
