using System.Text.Json.Serialization;

namespace Tether.Client.Credentials;

/// <summary>The shape of <c>credentials.json</c>: <c>{"servers":{"&lt;base url&gt;":{…}}}</c>.</summary>
internal sealed class CredentialsFile
{
    [JsonPropertyName("servers")]
    public Dictionary<string, StoredCredential> Servers { get; init; } = new(StringComparer.Ordinal);
}
