using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Tether.Bench.Hosting;

/// <summary>A bench server's process counters, read inside that process (after a full GC when asked).</summary>
internal sealed record ServerStats
{
    [JsonPropertyName("rss_bytes")]
    public long RssBytes { get; init; }

    [JsonPropertyName("managed_bytes")]
    public long ManagedBytes { get; init; }

    [JsonPropertyName("cpu_ms")]
    public double CpuMs { get; init; }

    [JsonPropertyName("threads")]
    public int Threads { get; init; }

    [JsonPropertyName("open_fds")]
    public int OpenFds { get; init; }

    /// <summary>The server's writer stages since the previous stats request (Tether servers only).</summary>
    [JsonPropertyName("stages")]
    public Dictionary<string, StageSummary>? Stages { get; init; }

    public static ServerStats Capture(bool collect)
    {
        if (collect)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using var self = Process.GetCurrentProcess();
        return new ServerStats
        {
            RssBytes = ReadRss() ?? self.WorkingSet64,
            ManagedBytes = GC.GetTotalMemory(forceFullCollection: false),
            CpuMs = self.TotalProcessorTime.TotalMilliseconds,
            Threads = self.Threads.Count,
            OpenFds = Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : -1,
        };
    }

    /// <summary>VmRSS from /proc (the resident set the kernel charges the process), in bytes.</summary>
    private static long? ReadRss()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kb * 1024;
            }
        }

        return null;
    }
}
