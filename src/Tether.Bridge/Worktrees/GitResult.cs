namespace Tether.Bridge.Worktrees;

/// <summary>The outcome of one git command.</summary>
/// <param name="ExitCode">git's exit code (-1 when it could not run).</param>
/// <param name="StandardOutput">Everything git printed to stdout.</param>
/// <param name="StandardError">Everything git printed to stderr.</param>
/// <param name="SpawnError">Why git could not be started, if it could not.</param>
internal sealed record GitResult(int ExitCode, string StandardOutput, string StandardError, string? SpawnError = null)
{
    public bool Succeeded => SpawnError is null && ExitCode == 0;

    /// <summary>The first line of output for an error message: git's own complaint, or why it did not run.</summary>
    public string Message => SpawnError
        ?? FirstLine(StandardError)
        ?? FirstLine(StandardOutput)
        ?? $"git exited with code {ExitCode}";

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
