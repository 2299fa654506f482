namespace Tether.Client.CodeSessions;

/// <summary>The mirror's connection state, as the reference bridge reports it.</summary>
public enum CodeSessionBridgeState
{
    /// <summary>Session created and credentials obtained.</summary>
    Ready,

    /// <summary>Streaming: inbound events arrive and writes go through.</summary>
    Connected,

    /// <summary>Recovering: a new <c>/bridge</c> registration or a stream reconnect is under way.</summary>
    Reconnecting,

    /// <summary>Given up (superseded by another worker, or the server refused the credential for good).</summary>
    Failed,

    /// <summary>Torn down on purpose.</summary>
    Closed,
}
