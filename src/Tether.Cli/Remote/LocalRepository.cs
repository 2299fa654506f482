using Tether.Bridge.Worktrees;
using Tether.Cli.Teleport;

namespace Tether.Cli.Remote;

/// <summary>
/// The git repository <c>tether remote</c> runs in, as the session's source (remote-protocol §12:
/// <c>{type:"git_repository", url:"https://host/owner/name", revision}</c>), so a later teleport can check it is
/// run from a checkout of the same repository. Null outside a repository or without an origin.
/// </summary>
internal static class LocalRepository
{
    public static async Task<(string Url, string? Branch)?> DescribeAsync(GitRunner git, string directory, CancellationToken cancellationToken)
    {
        var origin = await git.RunAsync(directory, ["remote", "get-url", "origin"], cancellationToken);
        if (!origin.Succeeded || RepositoryName.Parse(origin.StandardOutput) is not { } name)
        {
            return null;
        }

        // symbolic-ref names the branch even before its first commit, and fails on a detached HEAD (no branch to name).
        var branch = await git.RunAsync(directory, ["symbolic-ref", "--short", "HEAD"], cancellationToken);
        var url = name.Host is null ? origin.StandardOutput.Trim() : $"https://{name.Host}/{name.Owner}/{name.Name}";
        return (url, branch.Succeeded && branch.StandardOutput.Trim() is { Length: > 0 } b ? b : null);
    }
}
