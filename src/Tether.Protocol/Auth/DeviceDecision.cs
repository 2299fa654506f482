using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Answer to an approval or denial of a device login.</summary>
public sealed record DeviceDecision
{
    /// <summary>The user code decided on.</summary>
    [JsonPropertyName("user_code")]
    public required string UserCode { get; init; }

    /// <summary><c>approved</c> or <c>denied</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>The scopes the device's token will carry (empty when denied).</summary>
    [JsonPropertyName("scope")]
    public required string Scope { get; init; }
}
