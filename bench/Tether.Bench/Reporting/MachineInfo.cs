using System.Runtime.InteropServices;

namespace Tether.Bench.Reporting;

/// <summary>The machine a run was measured on, as docs/performance.md lists it.</summary>
public static class MachineInfo
{
    public static Dictionary<string, object?> Describe() => new()
    {
        ["nproc"] = Environment.ProcessorCount,
        ["cpu"] = CpuModel(),
        ["memory_gb"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        ["kernel"] = OperatingSystem.IsLinux() && File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
    };

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
