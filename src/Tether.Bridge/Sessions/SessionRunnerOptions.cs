namespace Tether.Bridge.Sessions;

/// <summary>Per-session limits; the defaults are the reference's (§4.4, §7.2).</summary>
internal sealed record SessionRunnerOptions
{
    public static SessionRunnerOptions Default { get; } = new();

    /// <summary><c>keep_alive</c> events defeat proxy idle timeouts (reference <c>session_keepalive_interval_v2_ms</c>); zero disables.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The child is killed after this long (reference default 24 h); zero means never.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>SIGTERM → SIGKILL grace.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long queued output may take to upload after the child exited.</summary>
    public TimeSpan FlushGrace { get; init; } = TimeSpan.FromSeconds(10);
}
