using Tether.Protocol.Environments;

namespace Tether.Bridge.Agents;

/// <summary>What a session needs from its agent process.</summary>
/// <param name="Agent">Which agent to run.</param>
/// <param name="WorkingDirectory">The session directory (the repo or its worktree).</param>
/// <param name="Model">The model to pass as <c>--model</c>, if any.</param>
/// <param name="PermissionMode">The permission mode to pass as <c>--permission-mode</c>, if any.</param>
/// <param name="ResumeSessionId">An agent session to continue with <c>--resume</c>, if any.</param>
/// <param name="Secret">The work secret: its <c>claude_code_args</c> and <c>environment_variables</c> are applied.</param>
internal sealed record AgentLaunchRequest(
    AgentSpec Agent,
    string WorkingDirectory,
    string? Model = null,
    string? PermissionMode = null,
    string? ResumeSessionId = null,
    WorkSecret? Secret = null);
