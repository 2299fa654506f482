namespace Tether.Bridge.Transports;

/// <summary>Why a transport stopped reading for good.</summary>
/// <param name="CloseCode">The WebSocket close code or HTTP status that ended it, or null when the reconnect budget ran out.</param>
/// <param name="Reason">A human-readable explanation.</param>
internal sealed record TransportEnd(int? CloseCode, string Reason);
