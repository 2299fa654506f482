using System.Text.Json;
using Tether.Client.Streaming;
using Tether.Testing;

namespace Tether.Client.Tests;

public sealed class SessionSubscriberTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private LoopbackServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task After_a_dropped_connection_it_resumes_and_delivers_every_event_exactly_once()
    {
        var id = await _client.CreateSessionAsync();
        var options = new SessionSubscriberOptions { ReconnectDelay = TimeSpan.FromMilliseconds(50) };
        await using var subscriber = new SessionSubscriber(_server.BaseAddress, LoopbackServer.OwnerToken, id, options: options);
        await subscriber.StartAsync(_timeout.Token);
        var received = new List<JsonElement>();
        var reader = Task.Run(async () =>
        {
            await foreach (var frame in subscriber.ReadAllAsync(_timeout.Token))
            {
                if (frame.TryGetProperty("sequence_num", out _))
                {
                    received.Add(frame);
                }

                if (received.Count == 30)
                {
                    return;
                }
            }
        });

        for (var i = 1; i <= 30; i++)
        {
            (await _client.PostEventsAsync(id, ApiJson.UserMessage($"m{i}"))).Dispose();
            if (i is 10 or 20)
            {
                subscriber.Abort();
            }
        }

        await reader.WaitAsync(_timeout.Token);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), received.Select(e => e.GetProperty("sequence_num").GetInt64()));
        Assert.Equal(30, subscriber.LastSequenceNum);
    }

    [Fact]
    public async Task It_resumes_across_a_server_restart()
    {
        var id = await _client.CreateSessionAsync();
        (await _client.PostEventsAsync(id, ApiJson.UserMessage("before"))).Dispose();
        var options = new SessionSubscriberOptions { ReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectAttempts = 50 };
        await using var subscriber = new SessionSubscriber(_server.BaseAddress, LoopbackServer.OwnerToken, id, options: options);
        await subscriber.StartAsync(_timeout.Token);
        await using var frames = subscriber.ReadAllAsync(_timeout.Token).GetAsyncEnumerator(_timeout.Token);
        Assert.True(await frames.MoveNextAsync());
        var states = new List<SubscriberState>();
        subscriber.StateChanged += states.Add;

        await _server.RestartAsync();
        using var client = _server.CreateClient();
        (await client.PostEventsAsync(id, ApiJson.UserMessage("after"))).Dispose();
        JsonElement next;
        do
        {
            Assert.True(await frames.MoveNextAsync());
            next = frames.Current;
        }
        while (!next.TryGetProperty("sequence_num", out _));

        Assert.Equal(2, next.GetProperty("sequence_num").GetInt64());
        Assert.Contains(SubscriberState.Reconnecting, states);
        Assert.Equal(SubscriberState.Connected, subscriber.State);
    }

    [Fact]
    public async Task An_unauthorized_subscription_ends_with_4003_and_is_not_retried()
    {
        var id = await _client.CreateSessionAsync();
        await using var subscriber = new SessionSubscriber(_server.BaseAddress, "wrong-token", id);
        await subscriber.StartAsync(_timeout.Token);

        var ended = await Assert.ThrowsAsync<SubscriptionEndedException>(async () =>
        {
            await foreach (var frame in subscriber.ReadAllAsync(_timeout.Token))
            {
                Assert.Fail($"unexpected frame {frame}");
            }
        });

        Assert.Equal(4003, ended.CloseCode);
        Assert.Equal(SubscriberState.Closed, subscriber.State);
    }
}
