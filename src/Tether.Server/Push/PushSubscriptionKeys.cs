using System.Text.Json.Serialization;

namespace Tether.Server.Push;

/// <summary>The <c>keys</c> of a browser's PushSubscription JSON (base64url).</summary>
internal sealed record PushSubscriptionKeys
{
    [JsonPropertyName("p256dh")]
    public string? P256dh { get; init; }

    [JsonPropertyName("auth")]
    public string? Auth { get; init; }
}
