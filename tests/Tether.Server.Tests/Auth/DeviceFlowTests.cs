using System.Net;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class DeviceFlowTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(customize: o => o with { TimeProvider = _clock });
        _owner = _server.CreateClient();
        _anonymous = _server.CreateClient(token: null);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _anonymous.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Code_answer_has_the_rfc_8628_fields()
    {
        var code = await DeviceApi.StartAsync(_anonymous);

        var userCode = code["user_code"]!.GetValue<string>();
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", userCode);
        Assert.StartsWith("tether_dc_", code["device_code"]!.GetValue<string>());
        Assert.Equal(new Uri(_server.BaseAddress, "/device").ToString(), code["verification_uri"]!.GetValue<string>());
        Assert.Equal($"{code["verification_uri"]}?user_code={userCode}", code["verification_uri_complete"]!.GetValue<string>());
        Assert.Equal(600, code["expires_in"]!.GetValue<int>());
        Assert.Equal(5, code["interval"]!.GetValue<int>());
    }

    [Fact]
    public async Task Approved_code_is_exchanged_once_for_a_token_of_the_approvers_org()
    {
        var me = await _owner.GetNodeAsync("/v1/auth/me");
        var code = await DeviceApi.StartAsync(_anonymous);
        var deviceCode = code["device_code"]!.GetValue<string>();

        Assert.Equal("authorization_pending", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));
        Assert.Equal("slow_down", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));
        // slow_down added 5 s to the 5 s interval: 6 s later is still too fast, 10 s later is not.
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("slow_down", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("authorization_pending", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));

        // Lower case without the dash is the same code.
        var typed = code["user_code"]!.GetValue<string>().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var approved = await _owner.PostJsonAsync("/v1/auth/device/approve", $$"""{"user_code":"{{typed}}"}""");
        Assert.Equal("approved", approved["status"]!.GetValue<string>());

        _clock.Advance(TimeSpan.FromSeconds(20));
        var (status, grant) = await DeviceApi.PollAsync(_anonymous, deviceCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", grant["token_type"]!.GetValue<string>());
        Assert.Equal("read remote_control write", grant["scope"]!.GetValue<string>());
        Assert.Equal(me["org_id"]!.GetValue<string>(), grant["org_id"]!.GetValue<string>());
        Assert.Equal(me["user_id"]!.GetValue<string>(), grant["user_id"]!.GetValue<string>());

        var sessionId = await _owner.CreateSessionAsync("visible to the device");
        using var device = _server.CreateClient(grant["access_token"]!.GetValue<string>());
        var sessions = await device.GetNodeAsync("/v1/sessions");
        Assert.Contains(sessions["data"]!.AsArray(), s => s!["id"]!.GetValue<string>() == sessionId);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("invalid_grant", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));
    }

    [Fact]
    public async Task A_poll_a_few_milliseconds_early_is_not_told_to_slow_down()
    {
        var code = await DeviceApi.StartAsync(_anonymous);
        var deviceCode = code["device_code"]!.GetValue<string>();
        Assert.Equal("authorization_pending", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));

        // Client timers fire a little early against the server's clock; a punctual client must not be punished.
        _clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(20));
        Assert.Equal("authorization_pending", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("slow_down", await DeviceApi.PollErrorAsync(_anonymous, deviceCode));
    }

    [Fact]
    public async Task Denied_code_gets_access_denied()
    {
        var code = await DeviceApi.StartAsync(_anonymous);

        await _owner.PostJsonAsync("/v1/auth/device/deny", $$"""{"user_code":"{{code["user_code"]}}"}""");

        Assert.Equal("access_denied", await DeviceApi.PollErrorAsync(_anonymous, code["device_code"]!.GetValue<string>()));
        using var late = await _owner.PostAsync("/v1/auth/device/approve", ApiJson.Body($$"""{"user_code":"{{code["user_code"]}}"}"""));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Expired_code_gets_expired_token_and_cannot_be_approved()
    {
        var code = await DeviceApi.StartAsync(_anonymous);

        _clock.Advance(TimeSpan.FromSeconds(601));

        Assert.Equal("expired_token", await DeviceApi.PollErrorAsync(_anonymous, code["device_code"]!.GetValue<string>()));
        using var approve = await _owner.PostAsync("/v1/auth/device/approve", ApiJson.Body($$"""{"user_code":"{{code["user_code"]}}"}"""));
        Assert.Equal(HttpStatusCode.Gone, approve.StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_rejects_other_grant_types_and_unknown_codes_and_accepts_json()
    {
        var (status, body) = await DeviceApi.PollAsync(_anonymous, "whatever", grantType: "password");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", body["error"]!.GetValue<string>());

        using var json = await _anonymous.PostAsync("/v1/auth/device/token",
            ApiJson.Body($$"""{"grant_type":"{{DeviceApi.GrantType}}","device_code":"tether_dc_nope"}"""));
        Assert.Equal("invalid_grant", (await json.ReadNodeAsync())["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approval_grants_only_requested_scopes_and_unknown_scopes_are_refused()
    {
        using var bad = await _anonymous.PostAsync("/v1/auth/device/code", ApiJson.Body("""{"scope":"read root"}"""));
        Assert.Equal("invalid_scope", (await bad.ReadNodeAsync())["error"]!.GetValue<string>());

        var code = await DeviceApi.StartAsync(_anonymous, scope: "read");
        await _owner.PostJsonAsync("/v1/auth/device/approve", $$"""{"user_code":"{{code["user_code"]}}"}""");
        var (_, grant) = await DeviceApi.PollAsync(_anonymous, code["device_code"]!.GetValue<string>());

        Assert.Equal("read", grant["scope"]!.GetValue<string>());
        using var device = _server.CreateClient(grant["access_token"]!.GetValue<string>());
        using var create = await device.PostAsync("/v1/sessions", ApiJson.Body("{}"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Approve_needs_a_caller_with_write()
    {
        var code = await DeviceApi.StartAsync(_anonymous);

        using var anonymous = await _anonymous.PostAsync("/v1/auth/device/approve", ApiJson.Body($$"""{"user_code":"{{code["user_code"]}}"}"""));
        using var malformed = await _owner.PostAsync("/v1/auth/device/approve", ApiJson.Body("""{"user_code":"AAAA-0000"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("authorization_pending", await DeviceApi.PollErrorAsync(_anonymous, code["device_code"]!.GetValue<string>()));
    }
}
