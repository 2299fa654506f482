using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>POST /v1/code/sessions/{id}/bridge</c>: the worker registration and its credential.</summary>
public sealed record RemoteCredentials
{
    /// <summary>The worker JWT; opaque to clients.</summary>
    [JsonPropertyName("worker_jwt")]
    public required string WorkerJwt { get; init; }

    /// <summary>Base URL of the worker API (<c>{api_base_url}/v1/code/sessions/{cse}</c>).</summary>
    [JsonPropertyName("api_base_url")]
    public required string ApiBaseUrl { get; init; }

    /// <summary>Seconds until the JWT expires.</summary>
    [JsonPropertyName("expires_in")]
    public required long ExpiresIn { get; init; }

    /// <summary>The new epoch: this call is the worker registration and fences off every earlier one.</summary>
    [JsonPropertyName("worker_epoch")]
    public required long WorkerEpoch { get; init; }
}
