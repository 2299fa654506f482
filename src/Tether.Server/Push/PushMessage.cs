using System.Text.Json.Serialization;

namespace Tether.Server.Push;

/// <summary>What the service worker receives (encrypted) and shows: a notification per session, replaced by the next one.</summary>
internal sealed record PushMessage(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("kind")] string Kind);
