using System.Text.Json;

namespace Tether.Client.CodeSessions;

/// <summary>How an env-less bridge session is created and kept alive; the defaults are the reference client's (remote-protocol §6).</summary>
public sealed record CodeSessionBridgeOptions
{
    /// <summary>The session title.</summary>
    public string? Title { get; init; }

    /// <summary>Labels, for example <c>ccr-mirror</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The session's <c>config</c> (<c>cwd</c>, <c>model</c> …), an object or undefined.</summary>
    public JsonElement Config { get; init; }

    /// <summary>Heartbeat interval (a server-advised interval replaces it).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Refresh the worker token this long before it expires (never sooner than 30 s after it was issued).</summary>
    public TimeSpan TokenRefreshBuffer { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay of the stream reconnect backoff (doubling, capped at <see cref="ReconnectMaxDelay"/>).</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up reconnecting the stream after this long without success.</summary>
    public TimeSpan ReconnectBudget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A stream silent this long (no frame, no keep-alive) is reconnected.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Budget for the archive call at teardown.</summary>
    public TimeSpan ArchiveTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Inbound events buffered for the owner.</summary>
    public int InboundCapacity { get; init; } = 256;
}
