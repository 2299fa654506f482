using Tether.Server.Push;
using Tether.Server.Tests.Events;
using Tether.Server.Tests.Push;
using Tether.Testing;

namespace Tether.Server.Tests.Postgres;

/// <summary>Web Push with two server nodes on one PostgreSQL store: one key, and one push per event whichever node wrote it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PushTwoNodeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private FakePushService _push = null!;
    private LoopbackServer _nodeA = null!;
    private LoopbackServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _push = await FakePushService.StartAsync();
        var database = await postgres.NewDatabaseAsync();
        Func<ServerOptions, ServerOptions> customize = options => options with
        {
            PublicUrl = "https://tether.example.com",
            Push = new PushOptions { AllowPlainHttp = true, AllowPrivateAddresses = true },
        };
        _nodeA = await LoopbackServer.StartAsync(database: database, customize: customize);
        _nodeB = await LoopbackServer.StartAsync(database: database, customize: customize);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _push.DisposeAsync();
    }

    [Fact]
    public async Task Both_nodes_advertise_one_key_and_each_event_is_pushed_once()
    {
        using var clientA = _nodeA.CreateClient();
        using var clientB = _nodeB.CreateClient();
        var keys = await Task.WhenAll(clientA.GetNodeAsync("/v1/push/config"), clientB.GetNodeAsync("/v1/push/config"));
        using var phone = new PushSubscriber(_push.Endpoint("phone"));
        (await clientA.PostAsync("/v1/push/subscriptions", ApiJson.Body(phone.SubscriptionJson()))).EnsureSuccessStatusCode();
        var id = await clientA.CreateSessionAsync("Two nodes");

        await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => WorkerEvents.AppendAsync(i % 2 == 0 ? _nodeA : _nodeB, id, WorkerEvents.Result())));
        await Eventually.TrueAsync(() => _push.Received.Count >= 10, because: "ten results, ten pushes");

        Assert.Equal(keys[0]["vapid_public_key"]!.GetValue<string>(), keys[1]["vapid_public_key"]!.GetValue<string>());
        Assert.Equal(10, _push.Received.Count);
        Assert.All(_push.Received, r => Assert.Equal("Finished", phone.DecryptJson(r.Body)["body"]!.GetValue<string>()));
        var signers = _push.Received.Select(r => r.Headers["Authorization"].Split("k=")[1]).Distinct();
        Assert.Equal(keys[0]["vapid_public_key"]!.GetValue<string>(), Assert.Single(signers));
    }
}
