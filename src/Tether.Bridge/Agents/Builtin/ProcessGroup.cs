using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>
/// A started command and everything it spawned. On Linux the command is started through <c>setsid</c>, which makes
/// the shell the leader of a new process group, so a signal to the group reaches pipelines and background children too.
/// Where <c>setsid</c> is missing the fallback is killing the process tree.
/// </summary>
internal sealed partial class ProcessGroup(Process process, bool ownsGroup)
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static string? SetsidPath { get; } = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>SIGTERM to the group, then SIGKILL once <paramref name="grace"/> has passed without an exit.</summary>
    public async Task TerminateAsync(TimeSpan grace, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Signal(SigTerm);
        using var graceTimeout = new CancellationTokenSource(grace, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(graceTimeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The grace ran out: fall through to SIGKILL.
        }

        Signal(SigKill);
    }

    /// <summary>Kills whatever is left of the group after the shell exited, so no background child keeps the output pipes open.</summary>
    public void KillRemaining() => Signal(SigKill);

    private void Signal(int signal)
    {
        if (ownsGroup)
        {
            // ESRCH (group already gone) is the normal case after a clean exit. The group id cannot be reused while a
            // member is alive, so this never reaches an unrelated group that still has processes.
            _ = Kill(-process.Id, signal);
        }
        else if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
