using Tether.Bridge.Worktrees;

namespace Tether.Bridge.Tests.Worktrees;

public sealed class WorktreeManagerTests : IAsyncLifetime
{
    private readonly GitRunner _git = new();
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(60));
    private readonly string _temp = Directory.CreateTempSubdirectory("tether-wt-").FullName;
    private string _repo = string.Empty;

    private WorktreeManager Manager => new(_git);

    public async Task InitializeAsync()
    {
        _repo = Path.Combine(_temp, "repo");
        Directory.CreateDirectory(_repo);
        await GitAsync(_repo, "init", "-q");
        await File.WriteAllTextAsync(Path.Combine(_repo, "README.md"), "hello\n");
        await GitAsync(_repo, "add", "README.md");
        await GitAsync(_repo, "-c", "user.name=Tether Test", "-c", "user.email=test@tether.invalid", "commit", "-q", "-m", "init");
    }

    public Task DisposeAsync()
    {
        _cts.Dispose();
        Directory.Delete(_temp, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var result = await _git.RunAsync(directory, arguments, _cts.Token);
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)}: {result.Message}");
        return result.StandardOutput;
    }

    private async Task<bool> BranchExistsAsync(string branch) =>
        (await _git.RunAsync(_repo, ["show-ref", "--verify", "--quiet", "refs/heads/" + branch], _cts.Token)).Succeeded;

    [Fact]
    public async Task Creates_an_isolated_worktree_and_removes_it_with_its_branch()
    {
        var sub = Path.Combine(_repo, "src");
        Directory.CreateDirectory(sub);

        var result = await Manager.CreateAsync(sub, "session_01/ABC:x", _cts.Token);

        Assert.True(result.Succeeded, result.Error);
        var worktree = result.Worktree;
        var root = Path.GetFullPath(_repo);
        Assert.Equal(Path.Combine(root, ".tether", "worktrees", "bridge-session_01_ABC_x"), worktree.Path);
        Assert.Equal("tether/bridge-session_01_ABC_x", worktree.Branch);
        Assert.True(File.Exists(Path.Combine(worktree.Path, "README.md")));
        Assert.Equal("tether/bridge-session_01_ABC_x", (await GitAsync(worktree.Path, "rev-parse", "--abbrev-ref", "HEAD")).Trim());

        await File.WriteAllTextAsync(Path.Combine(worktree.Path, "new.txt"), "only in the worktree");
        Assert.False(File.Exists(Path.Combine(_repo, "new.txt")));
        Assert.Equal(string.Empty, await GitAsync(_repo, "status", "--porcelain"));
        Assert.Contains(".tether/", await File.ReadAllTextAsync(Path.Combine(_repo, ".git", "info", "exclude")));

        var errors = await Manager.RemoveAsync(worktree, _cts.Token);

        Assert.Empty(errors);
        Assert.False(Directory.Exists(worktree.Path));
        Assert.False(await BranchExistsAsync(worktree.Branch));
        Assert.DoesNotContain(worktree.Path, await GitAsync(_repo, "worktree", "list", "--porcelain"));
    }

    [Fact]
    public async Task Adds_the_exclude_entry_once()
    {
        var first = await Manager.CreateAsync(_repo, "a", _cts.Token);
        var second = await Manager.CreateAsync(_repo, "b", _cts.Token);

        Assert.True(first.Succeeded && second.Succeeded);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_repo, ".git", "info", "exclude"));
        Assert.Single(lines, l => l == ".tether/");
    }

    [Fact]
    public async Task Creating_again_for_the_same_session_replaces_the_leftover()
    {
        var first = await Manager.CreateAsync(_repo, "same", _cts.Token);
        await File.WriteAllTextAsync(Path.Combine(first.Worktree!.Path, "stale.txt"), "x");

        var second = await Manager.CreateAsync(_repo, "same", _cts.Token);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(first.Worktree.Path, second.Worktree.Path);
        Assert.False(File.Exists(Path.Combine(second.Worktree.Path, "stale.txt")));
    }

    [Fact]
    public async Task Cleans_up_leftovers_that_no_live_session_owns()
    {
        var live = (await Manager.CreateAsync(_repo, "live", _cts.Token)).Worktree!;
        var dead = (await Manager.CreateAsync(_repo, "dead", _cts.Token)).Worktree!;
        var vanished = (await Manager.CreateAsync(_repo, "vanished", _cts.Token)).Worktree!;
        Directory.Delete(vanished.Path, recursive: true);
        var stray = Path.Combine(WorktreeManager.WorktreesDirectory(Path.GetFullPath(_repo)), "bridge-stray");
        Directory.CreateDirectory(stray);
        var unrelated = Path.Combine(_temp, "other-worktree");
        await GitAsync(_repo, "worktree", "add", "-q", "-b", "feature", unrelated, "HEAD");

        var removed = await Manager.CleanupLeftoversAsync(_repo, [live.Path], _cts.Token);

        Assert.True(removed >= 2, $"removed {removed}");
        Assert.True(Directory.Exists(live.Path));
        Assert.True(await BranchExistsAsync(live.Branch));
        Assert.False(Directory.Exists(dead.Path));
        Assert.False(await BranchExistsAsync(dead.Branch));
        Assert.False(await BranchExistsAsync(vanished.Branch));
        Assert.False(Directory.Exists(stray));
        Assert.True(Directory.Exists(unrelated));
        Assert.True(await BranchExistsAsync("feature"));
        var list = await GitAsync(_repo, "worktree", "list", "--porcelain");
        Assert.DoesNotContain(dead.Path, list);
        Assert.DoesNotContain(vanished.Path, list);
    }

    [Fact]
    public async Task A_directory_outside_git_is_a_clear_error()
    {
        var plain = Path.Combine(_temp, "plain");
        Directory.CreateDirectory(plain);
        // Make sure git does not find a repository above the temp folder either.
        Environment.SetEnvironmentVariable("GIT_CEILING_DIRECTORIES", _temp);

        var result = await Manager.CreateAsync(plain, "s", _cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal($"not a git repository: {plain}; worktree mode needs a git checkout", result.Error);
        Assert.False(Directory.Exists(Path.Combine(plain, ".tether")));
    }

    [Fact]
    public async Task A_missing_directory_is_an_error()
    {
        var result = await Manager.CreateAsync(Path.Combine(_temp, "missing"), "s", _cts.Token);

        Assert.False(result.Succeeded);
        Assert.Contains("does not exist", result.Error);
    }
}
