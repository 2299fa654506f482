using System.Net;
using Tether.Server.Environments;
using Tether.Server.Store;
using Tether.Testing;

namespace Tether.Server.Tests.Environments;

public sealed class WorkDispatchTests
{
    [Fact]
    public async Task Capacity_holds_back_the_second_session_until_the_first_is_stopped()
    {
        await using var server = await EnvironmentServer.StartAsync();
        using var user = server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(server, maxSessions: 1);
        var first = await bridge.CreateSessionAsync(user);
        var second = await bridge.CreateSessionAsync(user);

        var firstWork = (await bridge.PollAsync())!;
        Assert.Equal(first, firstWork["data"]!["id"]!.GetValue<string>());
        await bridge.AckAsync(firstWork);
        Assert.Null(await bridge.PollAsync());

        await bridge.StopAsync(firstWork);
        var secondWork = (await bridge.PollAsync())!;
        Assert.Equal(second, secondWork["data"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unacked_work_is_handed_out_again_after_reclaim_older_than_ms()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EnvironmentServer.StartAsync(new EnvironmentOptions { PollHold = TimeSpan.Zero }, clock);
        using var user = server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(server);
        var sessionId = await bridge.CreateSessionAsync(user);

        var claimed = (await bridge.PollAsync("5000"))!;
        Assert.Null(await bridge.PollAsync("5000"));
        clock.Advance(TimeSpan.FromSeconds(6));
        var reclaimed = (await bridge.PollAsync("5000"))!;

        Assert.Equal(claimed["id"]!.GetValue<string>(), reclaimed["id"]!.GetValue<string>());
        Assert.Equal(sessionId, reclaimed["data"]!["id"]!.GetValue<string>());
        Assert.NotEqual(TestBridge.IngressToken(claimed), TestBridge.IngressToken(reclaimed));
        await bridge.AckAsync(reclaimed);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(await bridge.PollAsync("5000"));
    }

    [Fact]
    public async Task Reconnect_stops_the_running_item_and_queues_the_session_again()
    {
        await using var server = await EnvironmentServer.StartAsync();
        using var user = server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(server);
        var sessionId = await bridge.CreateSessionAsync(user);
        var running = (await bridge.PollAsync())!;
        await bridge.AckAsync(running);

        var infraId = "cse_" + sessionId["session_".Length..];
        await user.PostJsonAsync($"/v1/environments/{bridge.EnvironmentId}/bridge/reconnect", $$"""{"session_id":"{{infraId}}"}""");
        var redispatched = (await bridge.PollAsync())!;

        Assert.NotEqual(running["id"]!.GetValue<string>(), redispatched["id"]!.GetValue<string>());
        Assert.Equal(sessionId, redispatched["data"]!["id"]!.GetValue<string>());
        using var oldHeartbeat = await bridge.WorkCallAsync(running, "heartbeat");
        Assert.Equal(HttpStatusCode.Gone, oldHeartbeat.StatusCode);
        await bridge.AckAsync(redispatched);
    }

    [Fact]
    public async Task A_reconnect_mints_a_fresh_token_with_a_fresh_expiry_and_the_old_token_works_until_its_own()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EnvironmentServer.StartAsync(
            new EnvironmentOptions { PollHold = TimeSpan.Zero, IngressTokenLifetime = TimeSpan.FromHours(4) }, clock);
        using var user = server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(server);
        var sessionId = await bridge.CreateSessionAsync(user);
        var running = (await bridge.PollAsync())!;
        await bridge.AckAsync(running);
        Assert.Equal(WholeMilliseconds(clock) + TimeSpan.FromHours(4), ExpiresAt(running));

        clock.Advance(TimeSpan.FromHours(1));
        await user.PostJsonAsync($"/v1/environments/{bridge.EnvironmentId}/bridge/reconnect", $$"""{"session_id":"{{sessionId}}"}""");
        var redispatched = (await bridge.PollAsync())!;
        await bridge.AckAsync(redispatched);

        var oldToken = TestBridge.IngressToken(running);
        var newToken = TestBridge.IngressToken(redispatched);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(WholeMilliseconds(clock) + TimeSpan.FromHours(4), ExpiresAt(redispatched));

        // While the re-dispatch travels to the bridge its transport still holds the old token: v1 ingress and the v2
        // worker endpoints take it until its own expiry, and refuse it from then on.
        clock.Advance(ExpiresAt(running) - clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, await IngressWriteAsync(server, sessionId, oldToken));
        Assert.Equal(HttpStatusCode.OK, await WorkerReadAsync(server, sessionId, oldToken));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await IngressWriteAsync(server, sessionId, oldToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await WorkerReadAsync(server, sessionId, oldToken));
        Assert.Equal(HttpStatusCode.OK, await IngressWriteAsync(server, sessionId, newToken));
        Assert.Equal(HttpStatusCode.OK, await WorkerReadAsync(server, sessionId, newToken));
    }

    private static DateTimeOffset WholeMilliseconds(ManualTimeProvider clock) =>
        DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    private static DateTimeOffset ExpiresAt(System.Text.Json.Nodes.JsonNode work) =>
        DateTimeOffset.Parse(TestBridge.DecodeSecret(work)["session_ingress_token_expires_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HttpStatusCode> IngressWriteAsync(LoopbackServer server, string sessionId, string token)
    {
        using var worker = server.CreateClient(token);
        using var response = await worker.PostAsync(
            $"/v1/session_ingress/session/{sessionId}/events", ApiJson.Body(ApiJson.Events(Events.WorkerEvents.Assistant("still here"))));
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> WorkerReadAsync(LoopbackServer server, string sessionId, string token)
    {
        using var worker = server.CreateClient(token);
        using var response = await worker.GetAsync($"/v1/code/sessions/cse_{sessionId["session_".Length..]}/worker");
        return response.StatusCode;
    }

    [Fact]
    public async Task Archiving_a_session_stops_its_work()
    {
        await using var server = await EnvironmentServer.StartAsync();
        using var user = server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(server);
        var sessionId = await bridge.CreateSessionAsync(user);
        var work = (await bridge.PollAsync())!;
        await bridge.AckAsync(work);

        await user.PostJsonAsync($"/v1/sessions/{sessionId}/archive", "{}");

        using var heartbeat = await bridge.WorkCallAsync(work, "heartbeat");
        Assert.Equal(HttpStatusCode.Gone, heartbeat.StatusCode);
        var queuedThenArchived = await bridge.CreateSessionAsync(user);
        await user.PostJsonAsync($"/v1/sessions/{queuedThenArchived}/archive", "{}");
        Assert.Null(await bridge.PollAsync());
    }

    [Fact]
    public async Task A_session_on_an_unknown_environment_is_refused_and_not_stored()
    {
        await using var server = await EnvironmentServer.StartAsync();
        using var user = server.CreateClient();

        using var response = await user.PostAsync("/v1/sessions", ApiJson.Body("""{"title":"x","environment_id":"env_NOPE"}"""));
        var body = await response.ReadNodeAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("env_NOPE", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await user.GetNodeAsync("/v1/sessions"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Re_registering_with_a_live_id_keeps_it_and_retires_the_old_secret()
    {
        await using var server = await EnvironmentServer.StartAsync();
        var first = await TestBridge.RegisterAsync(server);

        var again = await TestBridge.RegisterAsync(server, environmentId: first.EnvironmentId);

        Assert.Equal(first.EnvironmentId, again.EnvironmentId);
        Assert.NotEqual(first.Secret, again.Secret);
        using var old = await first.PollRawAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Null(await again.PollAsync());

        using var user = server.CreateClient();
        (await user.DeleteAsync($"/v1/environments/bridge/{again.EnvironmentId}")).Dispose();
        var fresh = await TestBridge.RegisterAsync(server, environmentId: again.EnvironmentId);
        Assert.NotEqual(again.EnvironmentId, fresh.EnvironmentId);
    }

    [Fact]
    public async Task An_environment_not_polled_for_four_hours_goes_offline()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EnvironmentServer.StartAsync(
            new EnvironmentOptions { PollHold = TimeSpan.Zero, SweepInterval = TimeSpan.FromMinutes(1) }, clock);
        using var user = server.CreateClient();
        var idle = await TestBridge.RegisterAsync(server);
        var busy = await TestBridge.RegisterAsync(server);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("offline", await StateAsync(user, idle.EnvironmentId));
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await busy.PollAsync());
            clock.Advance(TimeSpan.FromHours(1));
        }

        // Polling the idle one would refresh it, so watch the stored state instead.
        await Eventually.TrueAsync(async () => await StoredStateAsync(server, idle.EnvironmentId) == "offline", because: "the sweeper expires the idle one");
        using var gone = await idle.PollRawAsync();
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("active", await StoredStateAsync(server, busy.EnvironmentId));
        Assert.Null(await busy.PollAsync());
    }

    private static async Task<string?> StoredStateAsync(LoopbackServer server, string environmentId)
    {
        await using var connection = await server.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await using var command = connection.Command("SELECT state FROM environments WHERE id = @e");
        return (string?)await command.With("@e", environmentId).ExecuteScalarAsync();
    }

    private static async Task<string> StateAsync(HttpClient user, string environmentId) =>
        (await user.GetNodeAsync("/v1/environment_providers"))["environments"]!.AsArray()
            .Single(e => e!["environment_id"]!.GetValue<string>() == environmentId)!["state"]!.GetValue<string>();
}
