namespace Tether.Server.Push;

/// <summary>
/// Web Push settings. The server POSTs to whatever URL a browser's push subscription names, so which targets it will
/// contact is an explicit policy: HTTPS to public addresses only, unless the operator widens it.
/// </summary>
public sealed record PushOptions
{
    /// <summary>Allow <c>http://</c> push endpoints (only for tests and closed networks).</summary>
    public bool AllowPlainHttp { get; init; }

    /// <summary>Allow endpoints on loopback, private, link-local and other non-public addresses.</summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>The VAPID <c>sub</c> contact (a <c>mailto:</c> or https URL); null means the server's public URL.</summary>
    public string? Subject { get; init; }

    /// <summary>How long a push service keeps an undelivered message (the <c>TTL</c> header).</summary>
    public TimeSpan MessageTtl { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Attempts per message when the push service answers 429 or 5xx, or cannot be reached.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Wait before the first retry; it doubles on each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, also the cap on a push service's <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Notifications waiting to be sent; beyond this new ones are dropped (and logged) rather than slowing the event log.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Most push subscriptions one user may keep; subscribing beyond it replaces the oldest.</summary>
    public int MaxSubscriptionsPerUser { get; init; } = 20;

    /// <summary>Timeout of one request to a push service.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
