using System.Diagnostics;

namespace Tether.EndToEnd.Tests;

/// <summary>Real git in temp directories: a bare origin, clones, commits and pushes.</summary>
internal static class GitRepo
{
    public static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {directory}: {await stderr}");
        }

        return (await stdout).Trim();
    }

    /// <summary>
    /// A bare origin at <c>root/owner/name.git</c> with a commit on main and one on <paramref name="branch"/>; returns
    /// the origin path.
    /// </summary>
    public static async Task<string> CreateOriginAsync(string root, string owner, string name, string branch)
    {
        var origin = Path.Combine(root, owner, name + ".git");
        Directory.CreateDirectory(origin);
        await RunAsync(origin, "init", "--bare", "-q");
        var seed = Path.Combine(root, $"seed-{owner}-{name}");
        await RunAsync(root, "clone", "-q", origin, seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "hello\n");
        await RunAsync(seed, "add", "README.md");
        await RunAsync(seed, "commit", "-q", "-m", "first");
        await RunAsync(seed, "push", "-q", "origin", "HEAD:main");
        await RunAsync(seed, "checkout", "-q", "-b", branch);
        await File.WriteAllTextAsync(Path.Combine(seed, "fix.txt"), "fixed by the session\n");
        await RunAsync(seed, "add", "fix.txt");
        await RunAsync(seed, "commit", "-q", "-m", "the session's work");
        await RunAsync(seed, "push", "-q", "origin", branch);
        return origin;
    }

    public static async Task<string> CloneAsync(string origin, string destination)
    {
        await RunAsync(Path.GetDirectoryName(destination)!, "clone", "-q", origin, destination);
        return destination;
    }
}
