namespace Tether.Bridge;

/// <summary>Where sessions run (reference §7.1).</summary>
internal enum SpawnMode
{
    /// <summary>One session in the bridge's directory; the bridge exits when it ends.</summary>
    SingleSession,

    /// <summary>Each session in its own git worktree, removed with its branch when the session ends.</summary>
    Worktree,

    /// <summary>Every session in the bridge's directory.</summary>
    SameDir,
}
