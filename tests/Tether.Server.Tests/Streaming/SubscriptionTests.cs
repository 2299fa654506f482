using System.Net;
using System.Net.WebSockets;
using Tether.Protocol.Ids;
using Tether.Server.Tests.Events;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Streaming;

public sealed class SubscriptionTests : ServerTest
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_subscriber_gets_the_stored_history_then_live_events_in_order()
    {
        var id = await Client.CreateSessionAsync();
        (await Client.PostEventsAsync(id, ApiJson.UserMessage("before"))).Dispose();

        await using var socket = await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        var history = await socket.ReceiveStoredAsync(1, _timeout.Token);
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("live"));
        var live = await socket.ReceiveStoredAsync(1, _timeout.Token);

        Assert.Equal("before", history[0]["message"]!["content"]!.GetValue<string>());
        Assert.Equal(1, history[0]["sequence_num"]!.GetValue<long>());
        Assert.Equal("assistant", live[0]["type"]!.GetValue<string>());
        Assert.Equal(2, live[0]["sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_subscriber_that_reconnects_from_seq_n_misses_nothing_and_sees_nothing_twice()
    {
        var id = await Client.CreateSessionAsync();
        for (var i = 1; i <= 3; i++)
        {
            (await Client.PostEventsAsync(id, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        long lastSeen;
        await using (var first = await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken))
        {
            var seen = await first.ReceiveStoredAsync(3, _timeout.Token);
            lastSeen = seen[^1]["sequence_num"]!.GetValue<long>();
        }

        // Written while the subscriber is away, and while it is reconnecting.
        (await Client.PostEventsAsync(id, ApiJson.UserMessage("m4"))).Dispose();
        var writer = Task.Run(async () =>
        {
            for (var i = 5; i <= 40; i++)
            {
                (await Client.PostEventsAsync(id, ApiJson.UserMessage($"m{i}"))).Dispose();
            }
        });
        await using var second = await SessionSocket.ConnectAsync(
            Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe?from_sequence_num={lastSeen}", LoopbackServer.OwnerToken);
        var resumed = await second.ReceiveStoredAsync(37, _timeout.Token);
        await writer;

        Assert.Equal(Enumerable.Range(4, 37).Select(i => (long)i), resumed.Select(e => e["sequence_num"]!.GetValue<long>()));
        Assert.Equal(Enumerable.Range(4, 37).Select(i => $"m{i}"), resumed.Select(e => e["message"]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Many_subscribers_each_see_every_event_of_concurrent_writers_once()
    {
        var id = await Client.CreateSessionAsync();
        var sockets = new List<SessionSocket>();
        for (var i = 0; i < 5; i++)
        {
            sockets.Add(await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken));
        }

        var readers = sockets.Select(s => s.ReceiveStoredAsync(60, _timeout.Token)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async w =>
        {
            using var client = Server.CreateClient();
            for (var i = 0; i < 20; i++)
            {
                (await client.PostEventsAsync(id, ApiJson.UserMessage($"w{w}-{i}"))).Dispose();
            }
        }));

        foreach (var received in await Task.WhenAll(readers))
        {
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), received.Select(e => e["sequence_num"]!.GetValue<long>()));
        }

        foreach (var socket in sockets)
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_viewer_can_answer_a_prompt_over_the_socket()
    {
        var id = await Client.CreateSessionAsync();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-ws"));
        await using var socket = await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);

        await socket.SendAsync(WorkerEvents.Allow("req-ws"), _timeout.Token);
        var echoed = await socket.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "control_response", _timeout.Token);

        Assert.Equal("req-ws", echoed["response"]!["request_id"]!.GetValue<string>());
        Assert.Equal("running", (await Client.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_idle_viewer_can_still_send_empty_and_large_messages()
    {
        // The receive loop waits with zero-byte reads and allocates its buffer on the first message.
        var id = await Client.CreateSessionAsync();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-big"));
        await using var socket = await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        // The replayed prompt shows both loops are running; the receive loop is now parked in its zero-byte read.
        await socket.ReceiveStoredAsync(1, _timeout.Token);

        await socket.SendAsync("", _timeout.Token);
        var answer = WorkerEvents.Allow("req-big").Replace("\"updatedInput\":{}", $"\"updatedInput\":{{\"note\":\"{new string('x', 40_000)}\"}}", StringComparison.Ordinal);
        await socket.SendAsync(answer, _timeout.Token);
        var echoed = await socket.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "control_response", _timeout.Token);

        Assert.Equal(40_000, echoed["response"]!["response"]!["updatedInput"]!["note"]!.GetValue<string>().Length);
        Assert.Equal(2, (await Client.GetNodeAsync($"/v1/sessions/{id}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_bad_frame_from_a_viewer_gets_an_error_frame_and_stores_nothing()
    {
        var id = await Client.CreateSessionAsync();
        await using var socket = await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);

        await socket.SendAsync("{not json", _timeout.Token);
        var error = await socket.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "error", _timeout.Token);

        Assert.Equal("invalid_request_error", error["error"]!["type"]!.GetValue<string>());
        Assert.Equal(0, (await Client.GetNodeAsync($"/v1/sessions/{id}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_unknown_session_closes_with_4001_and_a_bad_token_with_4003()
    {
        var id = await Client.CreateSessionAsync();

        await using var missing = await SessionSocket.ConnectAsync(Server.BaseAddress, "/v1/sessions/ws/session_NOSUCHSESSION0000/subscribe", LoopbackServer.OwnerToken);
        Assert.Null(await missing.ReceiveAsync(_timeout.Token));
        await using var unauthorized = await SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", "wrong-token");
        Assert.Null(await unauthorized.ReceiveAsync(_timeout.Token));

        Assert.Equal((WebSocketCloseStatus)4001, missing.CloseStatus);
        Assert.Equal((WebSocketCloseStatus)4003, unauthorized.CloseStatus);
    }

    [Fact]
    public async Task A_cross_site_origin_is_refused_before_the_upgrade()
    {
        var id = await Client.CreateSessionAsync();

        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            SessionSocket.ConnectAsync(Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken, origin: "https://evil.example"));
        await using var sameOrigin = await SessionSocket.ConnectAsync(
            Server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken, origin: Server.BaseAddress.GetLeftPart(UriPartial.Authority));

        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_cut_off_with_1013_and_others_keep_receiving()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            SubscriberBufferSize = 4,
        });
        using var client = server.CreateClient();
        var id = await client.CreateSessionAsync();
        await using var stalled = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        await using var healthy = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken);
        var healthyReader = healthy.ReceiveStoredAsync(3, _timeout.Token);

        // One append of many events overflows a 4-event buffer at once, whatever the reader's pace.
        await WorkerEvents.AppendAsync(server, id, [.. Enumerable.Range(0, 3).Select(i => WorkerEvents.Assistant($"a{i}"))]);
        await WorkerEvents.AppendAsync(server, id, [.. Enumerable.Range(0, 20).Select(i => WorkerEvents.Assistant($"b{i}"))]);
        var stalledFrames = 0;
        while (await stalled.ReceiveAsync(_timeout.Token) is not null)
        {
            stalledFrames++;
        }

        Assert.Equal((WebSocketCloseStatus)1013, stalled.CloseStatus);
        Assert.Equal(3, (await healthyReader).Count);
        Assert.True(stalledFrames < 23);
    }

    [Fact]
    public async Task The_sse_stream_resumes_from_last_event_id()
    {
        var id = await Client.CreateSessionAsync();
        for (var i = 1; i <= 4; i++)
        {
            (await Client.PostEventsAsync(id, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{id}/stream");
        request.Headers.Add("Last-Event-ID", "2");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_timeout.Token));
        var ids = new List<string>();
        while (ids.Count < 2 && await reader.ReadLineAsync(_timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(line["id: ".Length..]);
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["3", "4"], ids);
    }

    [Fact]
    public async Task A_viewer_whose_connection_drops_without_a_close_is_let_go()
    {
        var id = await Client.CreateSessionAsync();
        var broadcaster = Server.GetRequiredService<Tether.Server.Events.SessionBroadcaster>();
        using var viewer = new ClientWebSocket();
        viewer.Options.SetRequestHeader("Authorization", $"Bearer {LoopbackServer.OwnerToken}");
        await viewer.ConnectAsync(new Uri($"ws://{Server.BaseAddress.Authority}/v1/sessions/ws/{id}/subscribe"), _timeout.Token);
        await Eventually.TrueAsync(() => broadcaster.WatchedSessions().Count == 1);

        viewer.Abort();

        await Eventually.TrueAsync(() => broadcaster.WatchedSessions().Count == 0, because: "the dropped viewer's subscription should be released");
    }

    [Fact]
    public async Task A_viewer_that_closes_while_history_is_still_arriving_gets_the_close_reply()
    {
        var id = await Client.CreateSessionAsync();
        var line = new string('x', 4000);
        await WorkerEvents.AppendAsync(Server, id, [.. Enumerable.Range(0, 500).Select(i => WorkerEvents.Assistant($"{i} {line}"))]);

        // Each viewer closes while the server is still sending it history; the close must be answered, not the socket
        // dropped, however the close and a frame in flight meet.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var viewer = new ClientWebSocket();
            viewer.Options.SetRequestHeader("Authorization", $"Bearer {LoopbackServer.OwnerToken}");
            await viewer.ConnectAsync(new Uri($"ws://{Server.BaseAddress.Authority}/v1/sessions/ws/{id}/subscribe"), _timeout.Token);
            var first = new byte[64 * 1024];
            await viewer.ReceiveAsync(first, _timeout.Token);

            await viewer.CloseAsync(WebSocketCloseStatus.NormalClosure, "", _timeout.Token);

            Assert.Equal(WebSocketCloseStatus.NormalClosure, viewer.CloseStatus);
        }
    }

    [Fact]
    public async Task A_viewer_that_stops_answering_pings_is_dropped_while_one_that_reads_stays()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            // A pong has 2 s, so the viewer that reads answers in time however busy the machine.
            WebSocketPingInterval = TimeSpan.FromMilliseconds(200),
            WebSocketPongTimeout = TimeSpan.FromSeconds(2),
        });
        using var client = server.CreateClient();
        var readSession = await client.CreateSessionAsync();
        var frozenSession = await client.CreateSessionAsync();
        var broadcaster = server.GetRequiredService<Tether.Server.Events.SessionBroadcaster>();
        SessionIds.TryGetBody(readSession, out var readBody);
        SessionIds.TryGetBody(frozenSession, out var frozenBody);

        // A socket answers pings only while it is reading: the first viewer always is, the second never reads at all.
        await using var reading = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{readSession}/subscribe", LoopbackServer.OwnerToken, cancellationToken: _timeout.Token);
        var reads = reading.ReceiveAsync(_timeout.Token);
        using var frozen = new ClientWebSocket();
        frozen.Options.SetRequestHeader("Authorization", $"Bearer {LoopbackServer.OwnerToken}");
        await frozen.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/v1/sessions/ws/{frozenSession}/subscribe"), _timeout.Token);
        await Eventually.TrueAsync(() => broadcaster.WatchedSessions().Count == 2);

        await Eventually.TrueAsync(() => !broadcaster.WatchedSessions().Contains(frozenBody), because: "an unanswered ping drops the socket");

        Assert.Contains(readBody, broadcaster.WatchedSessions());
        Assert.False(reads.IsCompleted);
    }
}
