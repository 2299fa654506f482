using Tether.Bridge.Worktrees;

namespace Tether.Cli.Teleport;

/// <summary>The git steps of a teleport, in the reference order (remote-protocol §12). Errors are values.</summary>
internal sealed class GitCheckout(GitRunner git, string directory)
{
    public async Task<TeleportError?> CheckRepositoryAsync(string? sessionRepository, string sessionId, CancellationToken cancellationToken)
    {
        var top = await git.RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken);
        var expected = RepositoryName.Parse(sessionRepository);
        var wrongPlace = $"Run `tether teleport {sessionId}` from a checkout of {expected?.ToString() ?? "the session's repository"}.";
        if (!top.Succeeded)
        {
            return new TeleportError($"{directory} is not a git repository. {wrongPlace}");
        }

        if (expected is null)
        {
            return null;
        }

        var origin = await git.RunAsync(directory, ["remote", "get-url", "origin"], cancellationToken);
        var actual = origin.Succeeded ? RepositoryName.Parse(origin.StandardOutput) : null;
        return actual is not null && actual.SameAs(expected)
            ? null
            : new TeleportError($"This checkout's origin is {(actual?.ToString() ?? "not set")}, but the session works on {expected}. {wrongPlace}");
    }

    /// <summary>Uncommitted changes to tracked files block a teleport; untracked files do not.</summary>
    public async Task<TeleportError?> CheckCleanAsync(CancellationToken cancellationToken)
    {
        var status = await git.RunAsync(directory, ["status", "--porcelain", "--untracked-files=no"], cancellationToken);
        if (!status.Succeeded)
        {
            return new TeleportError($"git status failed: {status.Message}");
        }

        return status.StandardOutput.Trim().Length == 0
            ? null
            : new TeleportError("The working tree has uncommitted changes. Commit or stash them, then teleport again (untracked files are fine):\n"
                + status.StandardOutput.TrimEnd());
    }

    /// <summary><c>git fetch origin b:b</c> (or <c>git fetch origin b</c>), then the first checkout form that works.</summary>
    public async Task<TeleportError?> FetchAndCheckoutAsync(string branch, CancellationToken cancellationToken)
    {
        var fetch = await git.RunAsync(directory, ["fetch", "origin", $"{branch}:{branch}"], cancellationToken);
        if (!fetch.Succeeded)
        {
            // b:b is refused for the branch checked out now (or a non-fast-forward); fetching the remote ref still works.
            fetch = await git.RunAsync(directory, ["fetch", "origin", branch], cancellationToken);
        }

        if (!fetch.Succeeded)
        {
            return new TeleportError($"The session's branch {branch} is not on origin ({fetch.Message}). Push it from the session's machine, then teleport again.");
        }

        string[][] attempts = [["checkout", branch], ["checkout", "-b", branch, "--track", $"origin/{branch}"], ["checkout", "--track", $"origin/{branch}"]];
        GitResult? last = null;
        foreach (var attempt in attempts)
        {
            last = await git.RunAsync(directory, attempt, cancellationToken);
            if (last.Succeeded)
            {
                break;
            }
        }

        if (last is not { Succeeded: true })
        {
            return new TeleportError($"Cannot check out {branch}: {last?.Message}");
        }

        var remote = await git.RunAsync(directory, ["rev-parse", "--verify", "--quiet", $"refs/remotes/origin/{branch}"], cancellationToken);
        if (remote.Succeeded)
        {
            await git.RunAsync(directory, ["branch", $"--set-upstream-to=origin/{branch}", branch], cancellationToken);
        }

        return null;
    }
}
