using Tether.Bridge.Transports.V1;

namespace Tether.Bridge.Transports.V2;

/// <summary>Code-sessions v2 timings; the defaults are the reference bridge's and CCRClient's (§5, §7.3).</summary>
internal sealed record V2TransportOptions
{
    public static V2TransportOptions Default { get; } = new();

    /// <summary>Stream reconnects follow the same schedule as v1 (1 s ×2, cap 30 s, ±25 %, 10 min budget, §5.2).</summary>
    public V1TransportOptions Reconnect { get; init; } = V1TransportOptions.Default;

    /// <summary>A failed <c>/worker/register</c> is tried once more after this delay, then the work is stopped.</summary>
    public TimeSpan RegisterRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The server sends a keep-alive every 15 s; a stream silent for this long is reopened.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>A <c>PUT /worker</c> that failed transiently is retried this many times unless a newer state is waiting.</summary>
    public int StateAttempts { get; init; } = 3;

    public TimeSpan StateRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest <c>Retry-After</c> honoured; a larger one (a misconfigured proxy) is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public int InboundCapacity { get; init; } = 256;

    public int OutboundCapacity { get; init; } = 4096;
}
