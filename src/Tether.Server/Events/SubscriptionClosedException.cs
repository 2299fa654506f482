namespace Tether.Server.Events;

/// <summary>The server ended the subscription (for example, its credential was revoked).</summary>
internal sealed class SubscriptionClosedException(string reason) : Exception(reason);
