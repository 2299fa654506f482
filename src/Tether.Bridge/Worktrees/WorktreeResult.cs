using System.Diagnostics.CodeAnalysis;

namespace Tether.Bridge.Worktrees;

/// <summary>A created worktree, or why it could not be created.</summary>
internal sealed record WorktreeResult(Worktree? Worktree, string? Error)
{
    [MemberNotNullWhen(true, nameof(Worktree))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Worktree is not null;
}
