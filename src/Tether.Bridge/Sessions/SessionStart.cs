using Tether.Bridge.Agents;
using Tether.Protocol.Environments;

namespace Tether.Bridge.Sessions;

/// <summary>Everything one session's runner needs.</summary>
/// <param name="SessionId">The session id from the work item.</param>
/// <param name="Secret">The decoded work secret (token, agent flags and variables).</param>
/// <param name="Directory">The bridge's directory.</param>
/// <param name="UseWorktree">True: run in a new git worktree of <paramref name="Directory"/>.</param>
/// <param name="Agent">Which agent to run.</param>
/// <param name="PermissionMode">Passed as <c>--permission-mode</c>, if set.</param>
/// <param name="Sandbox">Sets <c>CLAUDE_CODE_FORCE_SANDBOX=1</c> for the agent.</param>
internal sealed record SessionStart(
    string SessionId, WorkSecret Secret, string Directory, bool UseWorktree, AgentSpec Agent, string? PermissionMode, bool Sandbox);
