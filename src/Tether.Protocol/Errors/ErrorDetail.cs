using System.Text.Json.Serialization;

namespace Tether.Protocol.Errors;

/// <summary>The inner part of an <see cref="ErrorBody"/>.</summary>
public sealed record ErrorDetail
{
    /// <summary>A stable machine-readable kind, for example <c>invalid_request_error</c> or <c>not_found_error</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>What went wrong and, where possible, how to fix it.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }
}
