using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tether.Bridge.Worktrees;

/// <summary>
/// Creates and removes per-session git worktrees for spawn mode <c>worktree</c>: each session gets
/// <c>&lt;git root&gt;/.tether/worktrees/bridge-&lt;safeId&gt;</c> on a new branch <c>tether/bridge-&lt;safeId&gt;</c> from HEAD,
/// removed together with its branch when the session ends. <c>.tether/</c> is added to <c>.git/info/exclude</c> so the
/// worktrees never show up as untracked files in the main checkout.
/// </summary>
internal sealed partial class WorktreeManager(GitRunner git, ILogger<WorktreeManager>? logger = null)
{
    public const string BranchPrefix = "tether/bridge-";
    public const string DirectoryPrefix = "bridge-";
    public const string ExcludeEntry = ".tether/";

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>The folder holding the bridge's worktrees under a repository root.</summary>
    public static string WorktreesDirectory(string repoRoot) => Path.Combine(repoRoot, ".tether", "worktrees");

    /// <summary>Finds the git root of <paramref name="directory"/>; the error explains that worktree mode needs a checkout.</summary>
    public async Task<(string? Root, string? Error)> FindRootAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return (null, $"directory does not exist: {directory}");
        }

        var result = await git.RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken);
        if (!result.Succeeded)
        {
            return (null, result.SpawnError ?? $"not a git repository: {directory}; worktree mode needs a git checkout");
        }

        return (Path.GetFullPath(result.StandardOutput.Trim()), null);
    }

    /// <summary>Creates the worktree for a session (replacing a leftover one with the same id).</summary>
    public async Task<WorktreeResult> CreateAsync(string repoDirectory, string sessionId, CancellationToken cancellationToken)
    {
        var (root, error) = await FindRootAsync(repoDirectory, cancellationToken);
        if (root is null)
        {
            return new WorktreeResult(null, error);
        }

        var safeId = SafeId.From(sessionId);
        var worktree = new Worktree(root, Path.Combine(WorktreesDirectory(root), DirectoryPrefix + safeId), BranchPrefix + safeId);
        await EnsureExcludedAsync(root, cancellationToken);

        // A crash can leave the same session's worktree or branch behind; git refuses to reuse either.
        if (Directory.Exists(worktree.Path) || await BranchExistsAsync(root, worktree.Branch, cancellationToken))
        {
            await RemoveAsync(worktree, cancellationToken);
        }

        var add = await git.RunAsync(root, ["worktree", "add", "-b", worktree.Branch, worktree.Path, "HEAD"], cancellationToken);
        if (!add.Succeeded)
        {
            return new WorktreeResult(null, $"cannot create a worktree for session {sessionId} in {root}: {add.Message}");
        }

        Log.Created(_logger, worktree.Path, worktree.Branch);
        return new WorktreeResult(worktree, null);
    }

    /// <summary>Removes a worktree and its branch; returns the errors met (empty when everything went).</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(Worktree worktree, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var remove = await git.RunAsync(worktree.RepoRoot, ["worktree", "remove", "--force", worktree.Path], cancellationToken);
        if (!remove.Succeeded && Directory.Exists(worktree.Path))
        {
            // git no longer knows it (or it is locked): delete the files, then let git forget the registration.
            try
            {
                Directory.Delete(worktree.Path, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"cannot delete {worktree.Path}: {ex.Message}");
            }
        }

        await git.RunAsync(worktree.RepoRoot, ["worktree", "prune"], cancellationToken);
        if (await BranchExistsAsync(worktree.RepoRoot, worktree.Branch, cancellationToken))
        {
            var branch = await git.RunAsync(worktree.RepoRoot, ["branch", "-D", worktree.Branch], cancellationToken);
            if (!branch.Succeeded)
            {
                errors.Add($"cannot delete branch {worktree.Branch}: {branch.Message}");
            }
        }

        if (errors.Count == 0)
        {
            Log.Removed(_logger, worktree.Path);
        }
        else
        {
            Log.RemoveFailed(_logger, worktree.Path, string.Join("; ", errors));
        }

        return errors;
    }

    private async Task<bool> BranchExistsAsync(string root, string branch, CancellationToken cancellationToken) =>
        (await git.RunAsync(root, ["show-ref", "--verify", "--quiet", "refs/heads/" + branch], cancellationToken)).Succeeded;

    private async Task EnsureExcludedAsync(string root, CancellationToken cancellationToken)
    {
        var gitPath = await git.RunAsync(root, ["rev-parse", "--git-path", "info/exclude"], cancellationToken);
        if (!gitPath.Succeeded)
        {
            return;
        }

        var exclude = Path.GetFullPath(gitPath.StandardOutput.Trim(), root);
        try
        {
            var lines = File.Exists(exclude) ? await File.ReadAllLinesAsync(exclude, cancellationToken) : [];
            if (lines.Any(l => l.Trim() is ExcludeEntry or "/" + ExcludeEntry or ".tether"))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
            var separator = lines.Length > 0 && !(await File.ReadAllTextAsync(exclude, cancellationToken)).EndsWith('\n') ? "\n" : string.Empty;
            await File.AppendAllTextAsync(exclude, $"{separator}{ExcludeEntry}\n", cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cosmetic only: the worktrees would show as untracked, nothing breaks.
            Log.ExcludeFailed(_logger, exclude, ex.Message);
        }
    }
}
