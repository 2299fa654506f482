using System.Runtime.InteropServices;

namespace Tether.Bench.Hosting;

/// <summary>
/// Raises this process's open-file limit (children inherit it) so thousands of loopback sockets fit: each connection
/// costs one descriptor on the client side and one in the server process.
/// </summary>
internal static partial class ProcessLimits
{
    private const int RlimitNofile = 7;

    /// <summary>Raises the soft limit (and, with the privilege to, the hard one) towards <paramref name="wanted"/>; returns the soft limit now in force.</summary>
    public static long RaiseOpenFiles(long wanted)
    {
        if (!OperatingSystem.IsLinux() || GetLimit(RlimitNofile, out var current) != 0)
        {
            return -1;
        }

        if (current.Soft >= (ulong)wanted)
        {
            return (long)current.Soft;
        }

        var raised = new RLimit { Soft = (ulong)wanted, Hard = Math.Max(current.Hard, (ulong)wanted) };
        if (SetLimit(RlimitNofile, ref raised) != 0)
        {
            // Unprivileged: the hard limit is the ceiling.
            raised = new RLimit { Soft = Math.Min((ulong)wanted, current.Hard), Hard = current.Hard };
            _ = SetLimit(RlimitNofile, ref raised);
        }

        return GetLimit(RlimitNofile, out var after) == 0 ? (long)after.Soft : -1;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Soft;
        public ulong Hard;
    }
}
