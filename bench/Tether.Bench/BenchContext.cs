using Tether.Bench.Hosting;

namespace Tether.Bench;

/// <summary>Options every scenario shares, and where it logs progress (stderr, so stdout stays pure JSON with --json).</summary>
internal sealed class BenchContext
{
    public required HostMode Host { get; init; }

    public required TextWriter Log { get; init; }

    /// <summary>A PostgreSQL connection string, <c>auto</c> (a private cluster from Debian's binaries), or null.</summary>
    public string? Postgres { get; init; }

    /// <summary>Where plots go; null writes none.</summary>
    public string? SvgDirectory { get; init; }

    public required string WorkDirectory { get; init; }

    /// <summary>Whether Tether servers keep their per-credential rate limits (<c>--rate-limits on</c>); see <see cref="ServerSpec.RateLimits"/>.</summary>
    public bool RateLimits { get; init; }

    /// <summary>A server of <paramref name="kind"/> on a fresh data directory.</summary>
    public ServerSpec Spec(ServerKind kind, string name, string? database = null) => new(kind, NewDataDirectory(name), database, RateLimits: RateLimits);

    public string NewDataDirectory(string name)
    {
        var path = Path.Combine(WorkDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Progress(string message) => Log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
