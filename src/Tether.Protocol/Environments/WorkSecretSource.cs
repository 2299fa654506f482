using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>One entry of <see cref="WorkSecret.Sources"/>.</summary>
public sealed record WorkSecretSource
{
    /// <summary>The source kind, for example <c>git_repository</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Git details, when the source is a repository.</summary>
    [JsonPropertyName("git_info")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WorkSecretGitInfo? GitInfo { get; init; }
}
