namespace Tether.Bridge.Agents;

/// <summary>The outcome of one child process, reported after its output was fully read.</summary>
/// <param name="Status">Completed, failed or interrupted.</param>
/// <param name="ExitCode">The exit code, or null when the child never started.</param>
/// <param name="Signal">The signal that ended it, when the exit code says so (Unix reports 128 + signal).</param>
/// <param name="StderrTail">The last stderr lines, oldest first.</param>
/// <param name="Error">Why the child could not be started, if it could not.</param>
internal sealed record AgentExitResult(AgentExitStatus Status, int? ExitCode, int? Signal, IReadOnlyList<string> StderrTail, string? Error = null)
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static AgentExitResult SpawnFailed(string error) => new(AgentExitStatus.Failed, null, null, [], error);

    /// <summary>Maps an exit code: 0 completed, 128+SIGTERM/SIGINT interrupted, anything else failed.</summary>
    public static AgentExitResult FromExitCode(int exitCode, IReadOnlyList<string> stderrTail)
    {
        int? signal = OperatingSystem.IsWindows() || exitCode is <= 128 or > 128 + 64 ? null : exitCode - 128;
        var status = exitCode == 0 ? AgentExitStatus.Completed
            : signal is SigTerm or SigInt ? AgentExitStatus.Interrupted
            : AgentExitStatus.Failed;
        return new AgentExitResult(status, exitCode, signal, stderrTail);
    }
}
