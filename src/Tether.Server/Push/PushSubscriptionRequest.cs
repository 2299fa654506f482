using System.Text.Json.Serialization;

namespace Tether.Server.Push;

/// <summary>A browser's <c>PushSubscription.toJSON()</c>, as posted to <c>/v1/push/subscriptions</c> (other fields are ignored).</summary>
internal sealed record PushSubscriptionRequest
{
    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; init; }

    [JsonPropertyName("keys")]
    public PushSubscriptionKeys? Keys { get; init; }
}
