namespace Tether.Server.Environments;

/// <summary>Stored states of an environment.</summary>
internal static class EnvironmentStates
{
    /// <summary>Registered and polling (or expected to).</summary>
    public const string Active = "active";

    /// <summary>Not polled for <see cref="EnvironmentOptions.OfflineAfter"/>: archived by the sweeper; polls get 404.</summary>
    public const string Offline = "offline";

    /// <summary>Deregistered by its bridge.</summary>
    public const string Deregistered = "deregistered";
}
