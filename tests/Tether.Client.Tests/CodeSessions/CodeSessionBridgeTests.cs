using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Client.CodeSessions;
using Tether.Client.Http;
using Tether.Testing;

namespace Tether.Client.Tests.CodeSessions;

/// <summary>The env-less bridge transport against the real server's code-sessions API.</summary>
public sealed class CodeSessionBridgeTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _api = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<CodeSessionBridge> StartAsync(TimeProvider? time = null)
    {
        var transport = new ApiTransport(_server.BaseAddress, LoopbackServer.OwnerToken);
        using var config = JsonDocument.Parse("""{"cwd":"/work/repo","model":"claude-test"}""");
        var started = await CodeSessionBridge.StartAsync(transport,
            new CodeSessionBridgeOptions { Title = "mirror test", Tags = ["ccr-mirror"], Config = config.RootElement.Clone() }, time, CancellationToken.None);
        Assert.True(started.Ok, started.Error?.ToString());
        return started.Value!;
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Mirror_WritesAreVisible_ClientEventsArriveOnce_AndTeardownArchives()
    {
        var bridge = await StartAsync();
        Assert.StartsWith("cse_", bridge.SessionId);
        Assert.Equal(1, bridge.Epoch);
        var session = await _api.GetNodeAsync($"/v1/sessions/{bridge.CompatSessionId}");
        Assert.Equal("mirror test", session["title"]!.GetValue<string>());

        var write = await bridge.WriteAsync([Json(WorkerEventLog.Assistant("hello from the terminal"))], CancellationToken.None);
        Assert.True(write.Ok, write.Body);
        var events = (await _api.GetNodeAsync($"/v1/sessions/{bridge.CompatSessionId}/events"))["data"]!.AsArray();
        Assert.Contains(events, e => e!.ToJsonString().Contains("hello from the terminal"));

        using var posted = await _api.PostEventsAsync(bridge.CompatSessionId, ApiJson.UserMessage("hi from the web"));
        posted.EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var inbound = await bridge.Inbound.ReadAsync(timeout.Token);
        Assert.Equal("user", inbound.EventType);
        Assert.Equal("hi from the web", inbound.Payload.GetProperty("message").GetProperty("content").GetString());

        await bridge.CloseAsync(CancellationToken.None);
        Assert.Equal(CodeSessionBridgeState.Closed, bridge.State);
        session = await _api.GetNodeAsync($"/v1/sessions/{bridge.CompatSessionId}");
        Assert.Equal("archived", session["session_status"]!.GetValue<string>());
        events = (await _api.GetNodeAsync($"/v1/sessions/{bridge.CompatSessionId}/events"))["data"]!.AsArray();
        Assert.Equal("result", events[^1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenRefresh_RegistersAgain_AndTheStreamResumesWithoutRepeats()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var bridge = await StartAsync(time);
        var states = new System.Collections.Concurrent.ConcurrentQueue<string>();
        bridge.StateChanged += (state, detail) => states.Enqueue($"{state}: {detail}");
        using var first = await _api.PostEventsAsync(bridge.CompatSessionId, ApiJson.UserMessage("before refresh"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.True(await bridge.Inbound.WaitToReadAsync(timeout.Token), string.Join("; ", states));
        Assert.Equal("before refresh", (await bridge.Inbound.ReadAsync(timeout.Token)).Payload.GetProperty("message").GetProperty("content").GetString());

        await Eventually.TrueAsync(() => time.RequestedDelays.ToArray().Any(d => d > TimeSpan.FromHours(1)), because: "the renewal is scheduled");
        // Just past the renewal point (expiry − 5 min) and before the expiry itself, so only the ahead-of-time renewal runs.
        time.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(4));
        await Eventually.TrueAsync(() => bridge.Epoch == 2, because: "the refresh registers again with /bridge");
        var worker = await _api.GetNodeAsync($"/v1/sessions/{bridge.CompatSessionId}");
        Assert.NotEqual("archived", worker["session_status"]!.GetValue<string>());

        using var second = await _api.PostEventsAsync(bridge.CompatSessionId, ApiJson.UserMessage("after refresh"));
        var wait = bridge.Inbound.WaitToReadAsync(CancellationToken.None).AsTask();
        var arrived = await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(10))) == wait && await wait;
        WorkerStreamEvent? next = null;
        Assert.True(arrived && bridge.Inbound.TryRead(out next), string.Join("; ", states));
        Assert.Equal("after refresh", next!.Payload.GetProperty("message").GetProperty("content").GetString());
        var write = await bridge.WriteAsync([Json(WorkerEventLog.Assistant("still writing"))], CancellationToken.None);
        Assert.True(write.Ok, write.Body);
    }

    [Fact]
    public async Task ExpiredWorkerToken_401_RecoversWithANewRegistration_AndKeepsStreaming()
    {
        await using var shortLived = await LoopbackServer.StartAsync(customize: o => o with { WorkerJwtLifetime = TimeSpan.FromSeconds(2) });
        using var api = shortLived.CreateClient();
        var transport = new ApiTransport(shortLived.BaseAddress, LoopbackServer.OwnerToken);
        var started = await CodeSessionBridge.StartAsync(transport, new CodeSessionBridgeOptions { Title = "short-lived" }, null, CancellationToken.None);
        Assert.True(started.Ok, started.Error?.ToString());
        await using var bridge = started.Value!;
        var reasons = new List<string?>();
        bridge.StateChanged += (state, detail) =>
        {
            lock (reasons)
            {
                reasons.Add($"{state}: {detail}");
            }
        };

        await Eventually.TrueAsync(() => bridge.Epoch >= 2, TimeSpan.FromSeconds(20), "the expired token is replaced through /bridge");
        lock (reasons)
        {
            Assert.Contains(reasons, r => r!.Contains("auth_401_recovery", StringComparison.Ordinal));
        }

        using var posted = await api.PostEventsAsync(bridge.CompatSessionId, ApiJson.UserMessage("after the 401"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var inbound = await bridge.Inbound.ReadAsync(timeout.Token);
        Assert.Equal("after the 401", inbound.Payload.GetProperty("message").GetProperty("content").GetString());
        Assert.NotEqual(CodeSessionBridgeState.Failed, bridge.State);
    }

    [Fact]
    public async Task AnotherRegistration_SupersedesThisWorker_AndTheBridgeFails()
    {
        await using var bridge = await StartAsync();
        var failed = new TaskCompletionSource<string?>();
        bridge.StateChanged += (state, detail) =>
        {
            if (state == CodeSessionBridgeState.Failed)
            {
                failed.TrySetResult(detail);
            }
        };

        await _api.PostJsonAsync($"/v1/code/sessions/{bridge.SessionId}/bridge", "{}");
        var write = await bridge.WriteAsync([Json(WorkerEventLog.Assistant("too late"))], CancellationToken.None);

        Assert.True(write.EpochSuperseded);
        Assert.Contains("409", await failed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
