namespace Tether.Server.Http;

/// <summary>
/// Token buckets per credential (and per client address for requests without one). The defaults leave room for a busy
/// bridge uploading bursts of agent output while stopping a runaway or hostile client.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Turn limiting off (benchmarks measure the server, not the limiter).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Sustained requests per second per credential; a fraction below one refills one request at a time.</summary>
    public double PerCredentialPerSecond { get; init; } = 200;

    /// <summary>Burst per credential.</summary>
    public int PerCredentialBurst { get; init; } = 2000;

    /// <summary>Sustained requests per second per client address without credentials (logins, device codes).</summary>
    public double AnonymousPerSecond { get; init; } = 5;

    /// <summary>Burst per client address without credentials.</summary>
    public int AnonymousBurst { get; init; } = 60;
}
