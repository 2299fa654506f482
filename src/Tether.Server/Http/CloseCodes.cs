namespace Tether.Server.Http;

/// <summary>WebSocket close codes, as the reference clients interpret them.</summary>
internal static class CloseCodes
{
    /// <summary>Session not found or expired (reference clients retry a few times).</summary>
    public const int NotFound = 4001;

    /// <summary>Unauthorized: permanent for reference clients.</summary>
    public const int Unauthorized = 4003;

    /// <summary>The subscriber fell behind: reconnect and resume from the last sequence number (RFC 6455 "try again later").</summary>
    public const int SlowConsumer = 1013;

    /// <summary>A message over the size limit.</summary>
    public const int TooBig = 1009;

    /// <summary>Handshake rejected (bad request): permanent for reference clients.</summary>
    public const int ProtocolError = 1002;

    /// <summary>The server is shutting down.</summary>
    public const int GoingAway = 1001;
}
