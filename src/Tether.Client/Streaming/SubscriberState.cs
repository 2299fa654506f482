namespace Tether.Client.Streaming;

/// <summary>The connection state a subscriber shows its user.</summary>
public enum SubscriberState
{
    /// <summary>Opening the first connection.</summary>
    Connecting,

    /// <summary>Live.</summary>
    Connected,

    /// <summary>The connection dropped; retrying and then resuming from the last sequence number.</summary>
    Reconnecting,

    /// <summary>Given up or disposed.</summary>
    Closed,
}
