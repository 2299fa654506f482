using System.Text.Json.Serialization;

namespace Tether.Server.Push;

/// <summary><c>GET /v1/push/config</c>: whether Web Push is on, and the key browsers pass as <c>applicationServerKey</c>.</summary>
internal sealed record PushConfig(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("vapid_public_key")] string? VapidPublicKey);
