namespace Tether.Client.Streaming;

/// <summary>Reconnect rules; the defaults are the reference viewer's (remote-protocol §10).</summary>
public sealed class SessionSubscriberOptions
{
    /// <summary>Delay before each reconnect after a connected socket closed.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reconnect attempts before giving up (reset by every successful connection).</summary>
    public int MaxReconnectAttempts { get; init; } = 5;

    /// <summary>Retries of a 4001 (session not found, transient during compaction), waiting 2 s × n.</summary>
    public int MaxNotFoundRetries { get; init; } = 3;

    /// <summary>Frames buffered for the reader.</summary>
    public int BufferSize { get; init; } = 1024;
}
