using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>POST /v1/code/sessions</c>: <c>{"session":{…}}</c>.</summary>
public sealed record CodeSessionCreated
{
    /// <summary>The new session.</summary>
    [JsonPropertyName("session")]
    public required CodeSessionResource Session { get; init; }
}
