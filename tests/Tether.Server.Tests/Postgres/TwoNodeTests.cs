using Tether.Server.Tests.Environments;
using Tether.Testing;

namespace Tether.Server.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class TwoNodeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private LoopbackServer _nodeA = null!;
    private LoopbackServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        var database = await postgres.NewDatabaseAsync();
        _nodeA = await LoopbackServer.StartAsync(database: database);
        _nodeB = await LoopbackServer.StartAsync(database: database);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_viewer_on_one_node_sees_in_order_what_is_written_through_the_other()
    {
        using var writer = _nodeA.CreateClient();
        var id = await writer.CreateSessionAsync("across nodes");
        await using var viewer = await SessionSocket.ConnectAsync(_nodeB.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);

        for (var i = 1; i <= 20; i++)
        {
            (await writer.PostEventsAsync(id, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        var seen = await viewer.ReceiveStoredAsync(20, _timeout.Token);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"m{i}"), seen.Select(e => e["message"]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Concurrent_writers_on_both_nodes_produce_one_gapless_order()
    {
        using var clientA = _nodeA.CreateClient();
        using var clientB = _nodeB.CreateClient();
        var id = await clientA.CreateSessionAsync();
        await using var viewerA = await SessionSocket.ConnectAsync(_nodeA.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        await using var viewerB = await SessionSocket.ConnectAsync(_nodeB.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        var readA = viewerA.ReceiveStoredAsync(60, _timeout.Token);
        var readB = viewerB.ReceiveStoredAsync(60, _timeout.Token);

        await Task.WhenAll(
            Write(clientA, "a"),
            Write(clientB, "b"));

        var expected = Enumerable.Range(1, 60).Select(i => (long)i).ToList();
        var fromA = await readA;
        var fromB = await readB;
        Assert.Equal(expected, fromA.Select(e => e["sequence_num"]!.GetValue<long>()));
        Assert.Equal(expected, fromB.Select(e => e["sequence_num"]!.GetValue<long>()));
        Assert.Equal(fromA.Select(e => e["event_id"]!.GetValue<string>()), fromB.Select(e => e["event_id"]!.GetValue<string>()));

        async Task Write(HttpClient client, string prefix)
        {
            for (var i = 0; i < 30; i++)
            {
                using var response = await client.PostEventsAsync(id, ApiJson.UserMessage($"{prefix}{i}"));
                response.EnsureSuccessStatusCode();
            }
        }
    }

    [Fact]
    public async Task A_bridge_parked_on_one_node_gets_work_created_through_the_other_before_its_hold_ends()
    {
        var bridge = await TestBridge.RegisterAsync(_nodeA);
        using var userOnB = _nodeB.CreateClient();

        // The default hold is 8 s: without the cross-node wake-up this poll would end empty.
        var parked = bridge.PollAsync(cancellationToken: _timeout.Token);
        await Eventually.TrueAsync(() => !parked.IsCompleted, because: "the poll is parked");
        var sessionId = await bridge.CreateSessionAsync(userOnB);
        var work = await parked.WaitAsync(TimeSpan.FromSeconds(6));

        Assert.NotNull(work);
        Assert.Equal(sessionId, work!["data"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Both_nodes_recover_by_themselves_when_postgresql_restarts()
    {
        using var writer = _nodeA.CreateClient();
        var id = await writer.CreateSessionAsync();
        await using var viewer = await SessionSocket.ConnectAsync(_nodeB.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        (await writer.PostEventsAsync(id, ApiJson.UserMessage("before"))).Dispose();
        await viewer.ReceiveStoredAsync(1, _timeout.Token);

        await postgres.Cluster.StopServerAsync();
        using (var during = await writer.PostEventsAsync(id, ApiJson.UserMessage("while down")))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal("api_error", (await during.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
        }

        await postgres.Cluster.StartServerAsync();
        await Eventually.TrueAsync(async () =>
        {
            using var response = await writer.PostEventsAsync(id, ApiJson.UserMessage("after", uuid: "dddddddd-0000-0000-0000-000000000001"));
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(30), "node A writes again after the restart");

        var next = await viewer.ReceiveStoredAsync(1, _timeout.Token);
        Assert.Equal("after", next[0]["message"]!["content"]!.GetValue<string>());
        Assert.Equal(2, next[0]["sequence_num"]!.GetValue<long>());
    }
}
