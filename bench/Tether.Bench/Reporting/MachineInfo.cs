using System.Runtime.InteropServices;

namespace Tether.Bench.Reporting;

/// <summary>The machine a run was measured on, as docs/performance.md lists it.</summary>
internal static class MachineInfo
{
    public static Dictionary<string, object?> Describe() => new()
    {
        ["nproc"] = Environment.ProcessorCount,
        ["cpu"] = CpuModel(),
        ["memory_gb"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        ["kernel"] = OperatingSystem.IsLinux() && File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["load_average"] = LoadAverage(),
    };

    /// <summary>
    /// The 1-minute load average when the result was taken. Above nproc, other processes competed for the CPUs during the
    /// run and tail latencies say more about the scheduler than about the code; the ratios against the baseline, measured
    /// in alternating rounds, still compare like with like.
    /// </summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load)
            ? load
            : null;

    private static string? CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return null;
        }

        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
