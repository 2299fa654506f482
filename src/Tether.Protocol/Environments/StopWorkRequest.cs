using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>Body of <c>POST /v1/environments/{env}/work/{work}/stop</c>.</summary>
public sealed record StopWorkRequest
{
    /// <summary>True to stop the work even if its worker is still running.</summary>
    [JsonPropertyName("force")]
    public required bool Force { get; init; }
}
