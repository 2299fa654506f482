namespace Tether.Server.Events;

/// <summary>The subscriber's buffer overflowed: it must reconnect and resume from its last sequence number.</summary>
internal sealed class SubscriberLaggedException() : Exception("Subscriber fell too far behind; resume from the last sequence number.");
