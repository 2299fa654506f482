using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Body of <c>POST /v1/code/sessions/{id}/bridge</c>; the official client sends <c>{}</c>.</summary>
public sealed record BridgeRequest
{
    /// <summary>Optional: a shorter credential lifetime in seconds than the server's default (never longer).</summary>
    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    /// <summary>Optional: refuse with 409 unless the session's current epoch is this one (guards against a racing registration).</summary>
    [JsonPropertyName("expected_epoch")]
    public long? ExpectedEpoch { get; init; }
}
