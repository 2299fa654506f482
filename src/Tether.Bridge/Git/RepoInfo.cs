using Tether.Bridge.Worktrees;

namespace Tether.Bridge.Git;

/// <summary>What registration reports about the bridge's directory: its branch and its <c>origin</c> URL, when it is a git checkout.</summary>
internal sealed record RepoInfo(string Branch, string? RemoteUrl)
{
    public static async Task<RepoInfo> ReadAsync(GitRunner git, string directory, CancellationToken cancellationToken)
    {
        var branch = await git.RunAsync(directory, ["rev-parse", "--abbrev-ref", "HEAD"], cancellationToken);
        var remote = await git.RunAsync(directory, ["remote", "get-url", "origin"], cancellationToken);
        return new RepoInfo(
            branch.Succeeded ? branch.StandardOutput.Trim() : "",
            remote.Succeeded && remote.StandardOutput.Trim() is { Length: > 0 } url ? url : null);
    }
}
