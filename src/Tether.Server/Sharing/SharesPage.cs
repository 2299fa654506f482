using System.Text.Json.Serialization;

namespace Tether.Server.Sharing;

/// <summary>Answer of <c>GET /v1/sessions/{id}/shares</c>: the shares, and the caller's own role.</summary>
internal sealed record SharesPage(
    [property: JsonPropertyName("data")] IReadOnlyList<SessionShare> Data,
    [property: JsonPropertyName("your_role")] string YourRole);
