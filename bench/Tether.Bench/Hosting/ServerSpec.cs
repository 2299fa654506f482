namespace Tether.Bench.Hosting;

/// <summary>How to start one bench server.</summary>
/// <param name="Kind">Tether or the baseline.</param>
/// <param name="DataDirectory">The server's data directory (SQLite file lives here unless <paramref name="Database"/> is set).</param>
/// <param name="Database">A PostgreSQL connection string, or null for SQLite in the data directory.</param>
/// <param name="PollHoldMs">The long-poll hold; null keeps the server's default (8 s).</param>
/// <param name="RateLimits">
/// Tether's per-credential request limits. Off by default here: the harness drives thousands of viewers with one owner
/// token and bridges faster than one real user would, and the benchmarks measure the server, not the limiter.
/// </param>
internal sealed record ServerSpec(ServerKind Kind, string DataDirectory, string? Database = null, int? PollHoldMs = null, bool RateLimits = false)
{

    /// <summary>The owner's API token the harness bootstraps every Tether server with.</summary>
    public const string OwnerToken = "tether-bench-owner-token";

    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string> { "serve", "--kind", Kind.ToString().ToLowerInvariant(), "--data", DataDirectory };
        if (Database is not null)
        {
            args.AddRange(["--database", Database]);
        }

        if (PollHoldMs is { } hold)
        {
            args.AddRange(["--poll-hold-ms", hold.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (RateLimits)
        {
            args.Add("--rate-limits");
        }

        return args;
    }

    public static ServerSpec FromArguments(BenchArgs args) => new(
        Enum.Parse<ServerKind>(args.String("kind") ?? throw new ArgumentException("--kind is required"), ignoreCase: true),
        args.String("data") ?? throw new ArgumentException("--data is required"),
        args.String("database"),
        args.String("poll-hold-ms") is null ? null : args.Int("poll-hold-ms", 0),
        args.Flag("rate-limits"));
}
