using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>A page of environments.</summary>
public sealed record EnvironmentProvidersPage
{
    /// <summary>The environments on this page.</summary>
    [JsonPropertyName("environments")]
    public required IReadOnlyList<EnvironmentProvider> Environments { get; init; }

    /// <summary>Whether another page follows.</summary>
    [JsonPropertyName("has_more")]
    public required bool HasMore { get; init; }

    /// <summary>The first id on this page, or null when empty.</summary>
    [JsonPropertyName("first_id")]
    public string? FirstId { get; init; }

    /// <summary>The last id on this page, or null when empty.</summary>
    [JsonPropertyName("last_id")]
    public string? LastId { get; init; }
}
