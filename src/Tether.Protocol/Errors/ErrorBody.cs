using System.Text.Json.Serialization;

namespace Tether.Protocol.Errors;

/// <summary>The error envelope every endpoint answers with: <c>{"type":"error","error":{"type":…,"message":…}}</c>.</summary>
public sealed record ErrorBody
{
    /// <summary>Always <c>error</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "error";

    /// <summary>The error's kind and human message.</summary>
    [JsonPropertyName("error")]
    public required ErrorDetail Error { get; init; }

    /// <summary>Builds an envelope.</summary>
    public static ErrorBody Of(string type, string message) => new() { Error = new ErrorDetail { Type = type, Message = message } };
}
