using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Body of <c>POST /v1/auth/device/approve</c> and <c>…/deny</c>.</summary>
public sealed record UserCodeRequest
{
    /// <summary>The code the user read off the device, with or without its dash.</summary>
    [JsonPropertyName("user_code")]
    public string? UserCode { get; init; }
}
