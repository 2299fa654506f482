using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>The <c>git_info</c> of a <see cref="WorkSecretSource"/>.</summary>
public sealed record WorkSecretGitInfo
{
    /// <summary>The host kind, for example <c>github</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The repository, for example <c>owner/name</c>.</summary>
    [JsonPropertyName("repo")]
    public required string Repo { get; init; }

    /// <summary>The branch or commit, if given.</summary>
    [JsonPropertyName("ref")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ref { get; init; }

    /// <summary>A clone token, if given.</summary>
    [JsonPropertyName("token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }
}
