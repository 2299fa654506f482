namespace Tether.Server.Environments.Wire;

/// <summary>Body of <c>POST /v1/environments/{env}/bridge/reconnect</c>.</summary>
internal sealed record ReconnectSessionRequest
{
    public string? SessionId { get; init; }
}
