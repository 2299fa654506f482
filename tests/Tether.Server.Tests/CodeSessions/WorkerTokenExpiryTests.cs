using System.Net;
using Tether.Testing;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>Worker JWT lifetime and heartbeat TTL on a virtual clock.</summary>
public sealed class WorkerTokenExpiryTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(customize: o => o with { TimeProvider = _clock });
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_worker_jwt_works_for_four_hours_and_then_gets_401()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);

        _clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        using var justBefore = await worker.Client.GetAsync(worker.Path());
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await worker.Client.GetAsync(worker.Path());

        Assert.Equal(4 * 3600, worker.ExpiresIn);
        Assert.Equal(HttpStatusCode.OK, justBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", (await expired.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_caller_may_ask_for_a_shorter_lived_jwt_but_not_a_longer_one()
    {
        var id = (await _owner.PostJsonAsync("/v1/code/sessions", """{"bridge":{}}"""))["session"]!["id"]!.GetValue<string>();
        using var worker = await V2Worker.RegisterAsync(_server, _owner, id, """{"expires_in":10}""");
        using var tooLong = await _owner.PostAsync($"/v1/code/sessions/{id}/bridge", ApiJson.Body($$$"""{"expires_in":{{{5 * 3600}}}}"""));

        _clock.Advance(TimeSpan.FromSeconds(10));
        using var expired = await worker.Client.GetAsync(worker.Path());

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task The_worker_stream_ends_when_its_jwt_expires_and_the_reconnect_gets_401()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var id = (await _owner.PostJsonAsync("/v1/code/sessions", """{"bridge":{}}"""))["session"]!["id"]!.GetValue<string>();
        using var worker = await V2Worker.RegisterAsync(_server, _owner, id, """{"expires_in":60}""");
        await using var stream = await WorkerStream.OpenAsync(worker, timeout.Token);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var ended = await stream.EndedAsync();
        using var reconnect = await worker.Client.GetAsync(worker.Path("/events/stream"), timeout.Token);

        Assert.True(ended);
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
    }

    [Fact]
    public async Task A_worker_without_heartbeats_for_45_seconds_shows_offline()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        await worker.Client.PostJsonAsync(worker.Path("/heartbeat"), $$$"""{"worker_epoch":{{{worker.Epoch}}}}""");

        _clock.Advance(TimeSpan.FromSeconds(44));
        var online = (await worker.StateAsync())["worker_online"]!.GetValue<bool>();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var offline = (await worker.StateAsync())["worker_online"]!.GetValue<bool>();

        Assert.True(online);
        Assert.False(offline);
    }
}
