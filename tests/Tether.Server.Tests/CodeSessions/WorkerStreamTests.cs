using System.Net;
using System.Text;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>The worker's SSE read stream: client events only, resume points, delivery-driven redelivery.</summary>
public sealed class WorkerStreamTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(customize: o => o with { SseKeepAliveInterval = TimeSpan.FromMilliseconds(200) });
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task The_stream_carries_client_events_only_as_client_event_frames()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        (await worker.PostEventsAsync(WorkerEvents.Assistant("the worker's own words"))).Dispose();
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("a prompt"))).Dispose();
        await using var stream = await WorkerStream.OpenAsync(worker, _timeout.Token);

        var (name, id, data) = await stream.NextAsync();
        (await _owner.PostEventsAsync(worker.CompatId, """{"type":"control_request","request_id":"i1","request":{"subtype":"interrupt"}}""")).Dispose();
        var (_, liveId, live) = await stream.NextAsync();

        Assert.Equal("client_event", name);
        Assert.Equal("2", id);
        Assert.Equal(2, data["sequence_num"]!.GetValue<long>());
        Assert.Equal("user", data["event_type"]!.GetValue<string>());
        Assert.Equal("client", data["source"]!.GetValue<string>());
        Assert.Equal("a prompt", data["payload"]!["message"]!["content"]!.GetValue<string>());
        Assert.StartsWith("evt_", data["event_id"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(data["created_at"]!.GetValue<string>(), out _));
        Assert.Equal("3", liveId);
        Assert.Equal("interrupt", live["payload"]!["request"]!["subtype"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_prompt_reaches_the_worker_exactly_once_across_reconnects_once_reported_processed()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("m1"))).Dispose();
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("m2"))).Dispose();

        string m1, m2;
        long highWater;
        await using (var first = await WorkerStream.OpenAsync(worker, _timeout.Token))
        {
            m1 = (await first.NextAsync()).Data["event_id"]!.GetValue<string>();
            var second = (await first.NextAsync()).Data;
            m2 = second["event_id"]!.GetValue<string>();
            highWater = second["sequence_num"]!.GetValue<long>();
            (await worker.ReportAsync(m1, "processed")).EnsureSuccessStatusCode();
            (await worker.ReportAsync(m2, "received")).EnsureSuccessStatusCode();
        }

        // m2 was only received when the worker went away: it comes again though it is at the resume point; m1 never does.
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("m3"))).Dispose();
        var replayed = new List<string>();
        await using (var second = await WorkerStream.OpenAsync(worker, _timeout.Token, lastEventId: highWater))
        {
            replayed.Add((await second.NextAsync()).Data["event_id"]!.GetValue<string>());
            var third = (await second.NextAsync()).Data;
            replayed.Add(third["payload"]!["message"]!["content"]!.GetValue<string>());
            (await worker.ReportAsync(m2, "processed")).EnsureSuccessStatusCode();
            (await worker.ReportAsync(third["event_id"]!.GetValue<string>(), "processed")).EnsureSuccessStatusCode();
            // A late, lower status never moves a processed event back.
            (await worker.ReportAsync(m2, "processing")).EnsureSuccessStatusCode();
        }

        // Everything is processed: even a stream from the very start delivers only what comes next.
        await using var fromStart = await WorkerStream.OpenAsync(worker, _timeout.Token, query: "?from_sequence_num=0");
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("m4"))).Dispose();
        var next = (await fromStart.NextAsync()).Data;

        Assert.Equal([m2, "m3"], replayed);
        Assert.Equal("m4", next["payload"]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Processed_reports_riding_on_an_upload_count_like_delivery_reports()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("m1"))).Dispose();
        string eventId;
        await using (var stream = await WorkerStream.OpenAsync(worker, _timeout.Token))
        {
            eventId = (await stream.NextAsync()).Data["event_id"]!.GetValue<string>();
        }

        var accepted = await worker.Client.PostJsonAsync(
            worker.Path("/events"),
            $$$"""{"worker_epoch":{{{worker.Epoch}}},"events":[{"payload":{{{WorkerEvents.Assistant("answer")}}}}],"delivery_updates":[{"event_id":"{{{eventId}}}","status":"processed"}]}""");
        await using var again = await WorkerStream.OpenAsync(worker, _timeout.Token);
        (await _owner.PostEventsAsync(worker.CompatId, ApiJson.UserMessage("m2"))).Dispose();

        Assert.True(accepted["delivery_updates_applied"]!.GetValue<bool>());
        Assert.Equal("m2", (await again.NextAsync()).Data["payload"]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_newer_registration_ends_the_old_workers_stream_and_its_reconnect_gets_409()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        await using var stream = await WorkerStream.OpenAsync(worker, _timeout.Token);

        using var successor = await V2Worker.RegisterAsync(_server, _owner, worker.SessionId);
        var ended = await stream.EndedAsync();
        using var reconnect = await worker.Client.GetAsync(worker.Path("/events/stream"), _timeout.Token);
        await using var successorStream = await WorkerStream.OpenAsync(successor, _timeout.Token);

        Assert.True(ended);
        Assert.Equal(HttpStatusCode.Conflict, reconnect.StatusCode);
    }

    [Fact]
    public async Task An_idle_stream_sends_keep_alive_comments()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        using var response = await worker.Client.GetAsync(worker.Path("/events/stream"), HttpCompletionOption.ResponseHeadersRead, _timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(_timeout.Token);

        var buffer = new byte[":keep-alive\n\n".Length];
        await body.ReadExactlyAsync(buffer, _timeout.Token);

        Assert.Equal(":keep-alive\n\n", Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public async Task A_bad_resume_point_is_refused()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);

        using var response = await worker.Client.GetAsync(worker.Path("/events/stream?from_sequence_num=-1"), _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
