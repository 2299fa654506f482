using System.Net;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

/// <summary>Device-login requests as an RFC 8628 client makes them (form-encoded).</summary>
internal static class DeviceApi
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<JsonNode> StartAsync(HttpClient anonymous, string? clientName = "test device", string? scope = null)
    {
        var fields = new Dictionary<string, string>();
        if (clientName is not null)
        {
            fields["client_name"] = clientName;
        }

        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        using var response = await anonymous.PostAsync("/v1/auth/device/code", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadNodeAsync();
    }

    public static async Task<(HttpStatusCode Status, JsonNode Body)> PollAsync(HttpClient anonymous, string deviceCode, string grantType = GrantType)
    {
        using var response = await anonymous.PostAsync("/v1/auth/device/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["device_code"] = deviceCode,
        }));
        return (response.StatusCode, await response.ReadNodeAsync());
    }

    public static async Task<string> PollErrorAsync(HttpClient anonymous, string deviceCode)
    {
        var (status, body) = await PollAsync(anonymous, deviceCode);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        return body["error"]!.GetValue<string>();
    }
}
