namespace Tether.Bridge.Worktrees;

internal sealed partial class WorktreeManager
{
    /// <summary>
    /// Removes bridge worktrees (and their branches) that no live session owns: leftovers of a crash or a kill.
    /// Returns how many worktrees were removed.
    /// </summary>
    /// <param name="repoDirectory">Any directory inside the repository.</param>
    /// <param name="liveWorktreePaths">The <see cref="Worktree.Path"/> of every running session.</param>
    /// <param name="cancellationToken">Stops the cleanup.</param>
    public async Task<int> CleanupLeftoversAsync(string repoDirectory, IReadOnlyCollection<string> liveWorktreePaths, CancellationToken cancellationToken)
    {
        var (root, _) = await FindRootAsync(repoDirectory, cancellationToken);
        if (root is null)
        {
            return 0;
        }

        var live = new HashSet<string>(liveWorktreePaths.Select(Normalize), StringComparer.Ordinal);
        var folder = Normalize(WorktreesDirectory(root));
        var candidates = new HashSet<string>(StringComparer.Ordinal);

        var list = await git.RunAsync(root, ["worktree", "list", "--porcelain"], cancellationToken);
        foreach (var line in list.StandardOutput.Split('\n'))
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal))
            {
                candidates.Add(Normalize(line["worktree ".Length..]));
            }
        }

        if (Directory.Exists(folder))
        {
            candidates.UnionWith(Directory.EnumerateDirectories(folder).Select(Normalize));
        }

        var removed = 0;
        foreach (var path in candidates)
        {
            var name = Path.GetFileName(path);
            if (Path.GetDirectoryName(path) != folder || !name.StartsWith(DirectoryPrefix, StringComparison.Ordinal) || live.Contains(path))
            {
                continue;
            }

            await RemoveAsync(new Worktree(root, path, "tether/" + name), cancellationToken);
            removed++;
        }

        await git.RunAsync(root, ["worktree", "prune"], cancellationToken);
        await RemoveOrphanBranchesAsync(root, live, cancellationToken);
        return removed;
    }

    // Branches whose worktree directory is already gone (for example deleted by hand).
    private async Task RemoveOrphanBranchesAsync(string root, HashSet<string> live, CancellationToken cancellationToken)
    {
        var refs = await git.RunAsync(root, ["for-each-ref", "--format=%(refname:short)", "refs/heads/tether/"], cancellationToken);
        foreach (var branch in refs.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!branch.StartsWith(BranchPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = Normalize(Path.Combine(WorktreesDirectory(root), branch["tether/".Length..]));
            if (!live.Contains(path) && !Directory.Exists(path))
            {
                await git.RunAsync(root, ["branch", "-D", branch], cancellationToken);
            }
        }
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path.Trim()));
}
