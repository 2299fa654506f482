using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tether.Server.Environments;
using Tether.Server.Store;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Environments;

public sealed class EnvironmentFlowTests
{
    [Fact]
    public async Task Poll_answers_null_with_200_when_no_work_is_queued()
    {
        await using var server = await EnvironmentServer.StartAsync(new EnvironmentOptions { PollHold = TimeSpan.FromMilliseconds(100) });
        var bridge = await TestBridge.RegisterAsync(server);

        using var response = await bridge.PollRawAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_session_on_an_environment_runs_the_whole_v1_flow()
    {
        await using var server = await EnvironmentServer.StartAsync(new EnvironmentOptions { PollHold = TimeSpan.FromSeconds(30) });
        using var user = server.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var bridge = await TestBridge.RegisterAsync(server);

        // A parked poll answers as soon as a session is created on its environment, long before its 30 s hold ends.
        var parked = bridge.PollAsync(cancellationToken: cts.Token);
        await Eventually.TrueAsync(async () => await LastPollAsync(server, bridge.EnvironmentId) is not null, because: "the poll is parked");
        var sessionId = await bridge.CreateSessionAsync(user, model: "claude-test", permissionMode: "acceptEdits");
        var work = (await parked.WaitAsync(cts.Token))!;

        Assert.Equal("work", work["type"]!.GetValue<string>());
        Assert.Equal(bridge.EnvironmentId, work["environment_id"]!.GetValue<string>());
        Assert.Equal("session", work["data"]!["type"]!.GetValue<string>());
        Assert.Equal(sessionId, work["data"]!["id"]!.GetValue<string>());
        var secret = TestBridge.DecodeSecret(work);
        Assert.Equal(1, secret["version"]!.GetValue<int>());
        var token = secret["session_ingress_token"]!.GetValue<string>();
        Assert.StartsWith("tether_si_", token, StringComparison.Ordinal);
        Assert.Equal(server.BaseAddress.ToString().TrimEnd('/'), secret["api_base_url"]!.GetValue<string>());
        Assert.Equal("claude-test", secret["claude_code_args"]!["--model"]!.GetValue<string>());
        Assert.Equal("acceptEdits", secret["claude_code_args"]!["--permission-mode"]!.GetValue<string>());
        Assert.False(secret["use_code_sessions"]!.GetValue<bool>());

        await bridge.AckAsync(work);
        using (var heartbeat = await bridge.WorkCallAsync(work, "heartbeat"))
        {
            var body = await heartbeat.ReadNodeAsync();
            Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
            Assert.True(body["lease_extended"]!.GetValue<bool>());
            Assert.Equal("acked", body["state"]!.GetValue<string>());
            Assert.Equal(300, body["ttl_seconds"]!.GetValue<int>());
        }

        // The worker posts through session ingress; a repeat is acknowledged, keep_alive never stored.
        using var worker = server.CreateClient(token);
        var assistant = WorkerEvents.Assistant("hello from the worker");
        var ingress = $"/v1/session_ingress/session/{sessionId}/events";
        await worker.PostJsonAsync(ingress, ApiJson.Events(assistant, """{"type":"keep_alive"}"""));
        var again = await worker.PostJsonAsync(ingress, ApiJson.Events(assistant));
        Assert.Equal(1, again["duplicates"]!.GetValue<int>());
        var stored = (await user.GetNodeAsync($"/v1/sessions/{sessionId}/events"))["data"]!.AsArray();
        Assert.Equal(["assistant"], stored.Select(e => e!["type"]!.GetValue<string>()));

        // What a person sends reaches the worker's socket; the worker writes on the same socket.
        await using (var socket = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/session_ingress/ws/{sessionId}", token, cancellationToken: cts.Token))
        {
            using var prompt = await user.PostEventsAsync(sessionId, ApiJson.UserMessage("do it"));
            prompt.EnsureSuccessStatusCode();
            var received = await socket.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "user", cts.Token);
            Assert.Equal("do it", received["message"]!["content"]!.GetValue<string>());

            await socket.SendAsync(WorkerEvents.Assistant("over the socket") + "\n", cts.Token);
            await Eventually.TrueAsync(
                async () => (await user.GetNodeAsync($"/v1/sessions/{sessionId}/events"))["data"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "assistant") == 2,
                because: "the socket write is stored as a worker event");
        }

        // A reconnecting worker learns the last uuid the server stored from it.
        var lastUuid = (await user.GetNodeAsync($"/v1/sessions/{sessionId}/events"))["data"]!.AsArray()
            .Last(e => e!["type"]!.GetValue<string>() == "assistant")!["uuid"]!.GetValue<string>();
        using (var reconnect = new ClientWebSocket())
        {
            reconnect.Options.CollectHttpResponseDetails = true;
            reconnect.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            reconnect.Options.SetRequestHeader("X-Last-Request-Id", "something-older");
            await reconnect.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/v2/session_ingress/ws/{sessionId}"), cts.Token);
            Assert.Equal(lastUuid, reconnect.HttpResponseHeaders!["x-last-request-id"].Single());
            await reconnect.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
        }

        await bridge.StopAsync(work);
        using (var stoppedHeartbeat = await bridge.WorkCallAsync(work, "heartbeat"))
        {
            Assert.Equal(HttpStatusCode.Gone, stoppedHeartbeat.StatusCode);
        }

        using (var deregister = await user.DeleteAsync($"/v1/environments/bridge/{bridge.EnvironmentId}", cts.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deregister.StatusCode);
        }

        using var gone = await bridge.PollRawAsync(cancellationToken: cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Deregistering_answers_a_parked_poll_with_404_at_once()
    {
        await using var server = await EnvironmentServer.StartAsync(new EnvironmentOptions { PollHold = TimeSpan.FromSeconds(30) });
        using var user = server.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var bridge = await TestBridge.RegisterAsync(server);

        var parked = bridge.PollRawAsync(cancellationToken: cts.Token);
        await Eventually.TrueAsync(async () => await LastPollAsync(server, bridge.EnvironmentId) is not null, because: "the poll is parked");
        using (var deregister = await user.DeleteAsync($"/v1/environments/bridge/{bridge.EnvironmentId}", cts.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deregister.StatusCode);
        }

        using var answer = await parked.WaitAsync(cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task Providers_list_the_orgs_environments_with_sessions_in_use()
    {
        await using var server = await EnvironmentServer.StartAsync();
        using var user = server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(server, maxSessions: 3);
        await bridge.CreateSessionAsync(user);
        await bridge.AckAsync((await bridge.PollAsync())!);

        var page = await user.GetNodeAsync("/v1/environment_providers");

        var env = page["environments"]!.AsArray().Single()!;
        Assert.Equal("bridge", env["kind"]!.GetValue<string>());
        Assert.Equal(bridge.EnvironmentId, env["environment_id"]!.GetValue<string>());
        Assert.Equal("laptop:repo", env["name"]!.GetValue<string>());
        Assert.Equal("active", env["state"]!.GetValue<string>());
        Assert.Equal(3, env["max_sessions"]!.GetValue<int>());
        Assert.Equal(1, env["sessions_in_use"]!.GetValue<int>());
        Assert.False(page["has_more"]!.GetValue<bool>());
        Assert.Equal(bridge.EnvironmentId, page["first_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Config_advertises_the_minimum_bridge_version()
    {
        await using var server = await EnvironmentServer.StartAsync(new EnvironmentOptions { MinBridgeVersion = "1.2.3" });
        using var user = server.CreateClient();

        var config = await user.GetNodeAsync("/v1/environments/config");

        Assert.Equal("1.2.3", config["min_version"]!.GetValue<string>());
        Assert.False(config["use_code_sessions"]!.GetValue<bool>());
        Assert.Equal(2000, config["poll_interval_ms"]!.GetValue<long>());
    }

    internal static async Task<long?> LastPollAsync(LoopbackServer server, string environmentId)
    {
        var database = server.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.Command("SELECT last_poll_at FROM environments WHERE id = @e");
        return await command.With("@e", environmentId).ExecuteScalarAsync() is long value ? value : null;
    }
}
