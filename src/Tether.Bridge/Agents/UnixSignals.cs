using System.Runtime.InteropServices;

namespace Tether.Bridge.Agents;

/// <summary>Sends a signal to one process with libc <c>kill(2)</c>; .NET only offers SIGKILL.</summary>
internal static class UnixSignals
{
    /// <summary>True when the signal was delivered; false on Windows or when the process is gone.</summary>
    public static bool TrySend(int processId, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(processId, signal) == 0;
    }

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need unsafe code enabled.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
