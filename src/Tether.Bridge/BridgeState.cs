namespace Tether.Bridge;

/// <summary>The bridge's connection state as shown to the user (reference §8 <c>BridgeState</c>).</summary>
internal enum BridgeState
{
    /// <summary>Registered and polling, no session attached.</summary>
    Ready,

    /// <summary>At least one session runs.</summary>
    Connected,

    /// <summary>Polls are failing; retrying with backoff.</summary>
    Reconnecting,

    /// <summary>Stopped for good (a fatal error or the retry budget ran out).</summary>
    Failed,
}
