using Tether.Server.Environments;
using Tether.Server.Store;

namespace Tether.Server;

/// <summary>Settings of one <c>tether server</c> process. Defaults are the documented ones.</summary>
public sealed record ServerOptions
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

    /// <summary>How often a device-login client may poll (RFC 8628 <c>interval</c>); whole seconds.</summary>
    public TimeSpan DevicePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest single event payload, in bytes (413 beyond).</summary>
    public int MaxEventBytes { get; init; } = 1024 * 1024;

    /// <summary>Most events in one POST.</summary>
    public int MaxEventsPerRequest { get; init; } = 500;

    /// <summary>Largest request body, in bytes (413 beyond).</summary>
    public long MaxRequestBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>How often the server pings each open WebSocket.</summary>
    public TimeSpan WebSocketPingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a ping may go unanswered before the socket is dropped: a phone that lost its network or a client that
    /// stopped reading frees its socket within a minute instead of when TCP gives up, or never.
    /// </summary>
    public TimeSpan WebSocketPongTimeout { get; init; } = TimeSpan.FromSeconds(30);

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
    /// <summary>Lifetime of a worker JWT from <c>POST /v1/code/sessions/{id}/bridge</c> (the reference uses about 4 h).</summary>
    public TimeSpan WorkerJwtLifetime { get; init; } = TimeSpan.FromHours(4);

    /// <summary>A v2 worker with no heartbeat for this long counts as offline.</summary>
    public TimeSpan WorkerHeartbeatTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A v2 worker shows offline (<c>worker_online: false</c>) this long after its last heartbeat: one missed 20 s beat
    /// plus slack, so people see a lost worker within 45 s even though the advised TTL is the reference's 60 s.
    /// </summary>
    public TimeSpan WorkerOfflineAfter { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>The heartbeat interval the server advises to v2 workers.</summary>
    public TimeSpan WorkerHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Most events in one <c>POST …/worker/events</c> (remote-protocol §5).</summary>
    public int MaxWorkerEventsPerRequest { get; init; } = 100;

    /// <summary>Largest <c>POST …/worker/events</c> body, in bytes (remote-protocol §5).</summary>
    public long MaxWorkerEventsBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Web Push (on only when <see cref="PublicUrl"/> is set): which push services the server may contact, retries, queue size.</summary>
    public Push.PushOptions Push { get; init; } = new();

    /// <summary>The clock; tests may inject a virtual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal DatabaseTarget ResolveDatabase() => Database ?? DatabaseTarget.SqliteIn(DataDirectory);
}
