using Tether.Server.Environments;
using Tether.Server.Store;

namespace Tether.Server;

/// <summary>Settings of one <c>tether server</c> process. Defaults are the documented ones.</summary>
public sealed class ServerOptions
{
    /// <summary>Directory for the SQLite file and other server state.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The store; null means <c>tether.db</c> in <see cref="DataDirectory"/>.</summary>
    public DatabaseTarget? Database { get; init; }

    /// <summary>Addresses Kestrel listens on. Port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:7878"];

    /// <summary>The URL browsers and bridges reach this server at, when it differs from the listen address.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>On an empty store, the owner account is created with this API token.</summary>
    public string? BootstrapToken { get; init; }

    /// <summary>Largest single event payload, in bytes (413 beyond).</summary>
    public int MaxEventBytes { get; init; } = 1024 * 1024;

    /// <summary>Most events in one POST.</summary>
    public int MaxEventsPerRequest { get; init; } = 500;

    /// <summary>Largest request body, in bytes (413 beyond).</summary>
    public long MaxRequestBytes { get; init; } = 16L * 1024 * 1024;

    public TimeSpan WebSocketPingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of SSE keep-alive comments.</summary>
    public TimeSpan SseKeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Events buffered per live subscriber before it is cut off as too slow.</summary>
    public int SubscriberBufferSize { get; init; } = 1024;

    /// <summary>Environments API timings and limits (poll hold, leases, sweeping, minimum bridge version).</summary>
    public EnvironmentOptions Environments { get; init; } = new();

    /// <summary>How often open streams re-check that their credential is still valid (revocations through other nodes, expiry).</summary>
    public TimeSpan CredentialRecheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Request rate limits.</summary>
    public Http.RateLimitOptions RateLimits { get; init; } = new();

    /// <summary>The clock; tests may inject a virtual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal DatabaseTarget ResolveDatabase() => Database ?? DatabaseTarget.SqliteIn(DataDirectory);
}
