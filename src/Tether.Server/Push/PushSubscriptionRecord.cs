namespace Tether.Server.Push;

/// <summary>A stored push subscription: where to send, and the subscriber's keys (base64url) to encrypt for.</summary>
internal sealed record PushSubscriptionRecord(string Id, string Endpoint, string P256dh, string Auth);
