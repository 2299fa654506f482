using Microsoft.AspNetCore.Http;

namespace Tether.Server.Auth;

/// <summary>Reads the bearer credential of a request.</summary>
internal static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }

        return null;
    }
}
