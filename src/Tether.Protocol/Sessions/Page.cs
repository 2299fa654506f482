using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>A list page: <c>{data, has_more, first_id, last_id}</c>.</summary>
public sealed record Page<T>
{
    /// <summary>The items.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<T> Data { get; init; }

    /// <summary>True when more items follow <see cref="LastId"/>.</summary>
    [JsonPropertyName("has_more")]
    public required bool HasMore { get; init; }

    /// <summary>Id of the first item, or null for an empty page.</summary>
    [JsonPropertyName("first_id")]
    public string? FirstId { get; init; }

    /// <summary>Id of the last item, or null for an empty page; pass it as the next cursor.</summary>
    [JsonPropertyName("last_id")]
    public string? LastId { get; init; }
}
