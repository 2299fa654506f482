namespace Tether.Bridge.Transports;

/// <summary>The read connection's state.</summary>
internal enum TransportState
{
    Connecting,
    Connected,
    Reconnecting,
    Closed,
}
