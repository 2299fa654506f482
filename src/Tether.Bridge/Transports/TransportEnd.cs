namespace Tether.Bridge.Transports;

/// <summary>Why a transport stopped reading for good.</summary>
/// <param name="CloseCode">The WebSocket close code or HTTP status that ended it, or null when the reconnect budget ran out.</param>
/// <param name="Reason">A human-readable explanation.</param>
/// <param name="StopWork">The session could not run on this transport at all (v2 registration failed): the bridge stops the work.</param>
internal sealed record TransportEnd(int? CloseCode, string Reason, bool StopWork = false);
