namespace Tether.Client.Streaming;

/// <summary>The subscription ended for good: the server refused it (close code) or reconnecting failed.</summary>
public sealed class SubscriptionEndedException(int closeCode, string message) : Exception(message)
{
    /// <summary>The WebSocket close code (4003 unauthorized, 4001 not found, 1006 connection lost …).</summary>
    public int CloseCode { get; } = closeCode;
}
