namespace Tether.Bridge.Transports.V1;

/// <summary>Session-ingress v1 timings; the defaults are the reference WebSocketTransport's and HybridTransport's (§4.3, §4.4).</summary>
internal sealed record V1TransportOptions
{
    public static V1TransportOptions Default { get; } = new();

    public TimeSpan ReconnectInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnecting gives up this long after the first failure.</summary>
    public TimeSpan ReconnectBudget { get; init; } = TimeSpan.FromMinutes(10);

    public double JitterFraction { get; init; } = 0.25;

    /// <summary>WebSocket ping interval; a ping without pong within the same time drops the connection.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A gap between two ticks (or two reconnect attempts) longer than this means the process was suspended.</summary>
    public TimeSpan SuspensionGap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-POST timeout of event uploads.</summary>
    public TimeSpan PostTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest <c>Retry-After</c> honoured on uploads; a larger one (a misconfigured proxy) is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Inbound events buffered before the reader waits for the session to take them.</summary>
    public int InboundCapacity { get; init; } = 256;

    /// <summary>Outbound events buffered before the agent's output waits for uploads.</summary>
    public int OutboundCapacity { get; init; } = 4096;
}
