using System.Net;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Server.Tests.Push;

/// <summary>What the server refuses to subscribe, under the default target policy (HTTPS to public addresses only).</summary>
public sealed class PushPolicyTests : IAsyncLifetime
{
    private const string P256dh = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";

    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(customize: options => options with { PublicUrl = "https://tether.example.com" });
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("""{}""", "endpoint is required")]
    [InlineData("""{"endpoint":"not a url"}""", "absolute URL")]
    [InlineData("""{"endpoint":"http://push.example.com/x"}""", "https://")]
    [InlineData("""{"endpoint":"ftp://push.example.com/x"}""", "https://")]
    [InlineData("""{"endpoint":"https://127.0.0.1/x"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://10.1.2.3/x"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://169.254.169.254/latest/meta-data"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://[::1]/x"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://[fd00::1]/x"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://localhost/x"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://metadata/x"}""", "loopback or private")]
    [InlineData("""{"endpoint":"https://user:pw@push.example.com/x"}""", "user info")]
    [InlineData("""{"endpoint":"https://push.example.com/x"}""", "keys is required")]
    [InlineData("""{"endpoint":"https://push.example.com/x","keys":{"auth":"BTBZMqHH6r4Tts7J_aSIgg"}}""", "keys.p256dh")]
    [InlineData("""{"endpoint":"https://push.example.com/x","keys":{"p256dh":"BAAA","auth":"BTBZMqHH6r4Tts7J_aSIgg"}}""", "keys.p256dh")]
    [InlineData("""{"endpoint":"https://push.example.com/x","keys":{"p256dh":"not*base64","auth":"BTBZMqHH6r4Tts7J_aSIgg"}}""", "keys.p256dh")]
    [InlineData("""{"endpoint":"https://push.example.com/x","keys":{"p256dh":"BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"}}""", "keys.auth")]
    [InlineData("""{"endpoint":"https://push.example.com/x","keys":{"p256dh":"BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4","auth":"c2hvcnQ"}}""", "keys.auth")]
    [InlineData("""{"endpoint":42}""", "Malformed JSON or wrong type at $.endpoint")]
    [InlineData("""not json""", "Malformed JSON")]
    public async Task A_bad_subscription_gets_400_saying_what_is_wrong(string body, string expected)
    {
        using var response = await _owner.PostAsync("/v1/push/subscriptions", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_that_is_not_on_the_curve_is_refused()
    {
        var offCurve = Convert.ToBase64String([0x04, .. Enumerable.Repeat((byte)1, 64)]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var body = new JsonObject { ["endpoint"] = "https://push.example.com/x", ["keys"] = new JsonObject { ["p256dh"] = offCurve, ["auth"] = Auth } };

        using var response = await _owner.PostAsync("/v1/push/subscriptions", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("keys.p256dh", (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_https_endpoint_is_accepted()
    {
        var body = new JsonObject { ["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc", ["keys"] = new JsonObject { ["p256dh"] = P256dh, ["auth"] = Auth } };

        using var response = await _owner.PostAsync("/v1/push/subscriptions", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Push_is_off_without_a_public_url()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var owner = server.CreateClient();
        var body = new JsonObject { ["endpoint"] = "https://push.example.com/x", ["keys"] = new JsonObject { ["p256dh"] = P256dh, ["auth"] = Auth } };

        var config = await owner.GetNodeAsync("/v1/push/config");
        using var subscribe = await owner.PostAsync("/v1/push/subscriptions", ApiJson.Body(body));

        Assert.False(config["enabled"]!.GetValue<bool>());
        Assert.Null(config["vapid_public_key"]);
        Assert.Equal(HttpStatusCode.Conflict, subscribe.StatusCode);
        Assert.Contains("--public-url", (await subscribe.ReadNodeAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
