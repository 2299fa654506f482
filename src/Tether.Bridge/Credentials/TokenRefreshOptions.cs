namespace Tether.Bridge.Credentials;

/// <summary>When the bridge asks for a fresh session token ahead of its expiry (reference §7.5 "Token refresh").</summary>
internal sealed record TokenRefreshOptions
{
    public static TokenRefreshOptions Default { get; } = new();

    /// <summary>Refresh this long before the token expires; at once when a token arrives already inside it.</summary>
    public TimeSpan Buffer { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shortest time between two refreshes of one session: a server whose tokens live shorter than
    /// <see cref="Buffer"/> would otherwise have every new token refreshed the moment it arrives.
    /// </summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After a failed refresh (the request failed, or no new token came), try again after this long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures after which refreshing ahead stops for this token; recovery after a rejection still works.</summary>
    public int MaxFailures { get; init; } = 3;
}
