namespace Tether.Bridge.Worktrees;

/// <summary>A session's git worktree.</summary>
/// <param name="RepoRoot">The main checkout's root.</param>
/// <param name="Path">The worktree directory, <c>&lt;root&gt;/.tether/worktrees/bridge-&lt;safeId&gt;</c>.</param>
/// <param name="Branch">Its branch, <c>tether/bridge-&lt;safeId&gt;</c>.</param>
internal sealed record Worktree(string RepoRoot, string Path, string Branch);
