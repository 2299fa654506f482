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

    /// <summary>Total time the runtime paused the process for garbage collections since it started.</summary>
    [JsonPropertyName("gc_pause_ms")]
    public double GcPauseMs { get; init; }

    /// <summary>Collections of generations 0, 1 and 2 since the process started.</summary>
    [JsonPropertyName("gc_collections")]
    public int[] GcCollections { get; init; } = [];

    /// <summary>The server's writer stages since the previous stats request (Tether servers only).</summary>
    [JsonPropertyName("stages")]
    public Dictionary<string, StageSummary>? Stages { get; init; }

    /// <summary>Milliseconds paused for collections between <paramref name="before"/> and this snapshot.</summary>
    public double GcPauseSince(ServerStats before) => GcPauseMs - before.GcPauseMs;

    /// <summary>The collections between <paramref name="before"/> and this snapshot, for a table's notes.</summary>
    public string GcSince(ServerStats before) =>
        GcCollections.Length < 3 || before.GcCollections.Length < 3
            ? "no GC counts"
            : $"GC {GcCollections[0] - before.GcCollections[0]} gen0 / {GcCollections[1] - before.GcCollections[1]} gen1 / "
              + $"{GcCollections[2] - before.GcCollections[2]} gen2, {GcPauseSince(before):0.#} ms paused";

    public static ServerStats Capture(bool collect)
    {
        if (collect)
        {
            // Aggressive: compacts and also gives free memory back to the OS, so RSS shows what the live objects hold rather
            // than what the GC kept committed for later.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        using var self = Process.GetCurrentProcess();
        return new ServerStats
        {
            RssBytes = ReadRss() ?? self.WorkingSet64,
            ManagedBytes = GC.GetTotalMemory(forceFullCollection: false),
            CpuMs = self.TotalProcessorTime.TotalMilliseconds,
            GcPauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
            GcCollections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
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
