using System.Net;
using Tether.Server.Accounts;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Events;

public sealed class EventLogTests : ServerTest
{
    [Fact]
    public async Task Concurrent_writers_produce_one_gapless_order_containing_every_event_once()
    {
        var id = await Client.CreateSessionAsync();
        const int writers = 8;
        const int perWriter = 25;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            using var client = Server.CreateClient();
            for (var i = 0; i < perWriter; i++)
            {
                using var response = await client.PostEventsAsync(id, ApiJson.UserMessage($"w{w}-{i}"));
                response.EnsureSuccessStatusCode();
            }
        }));

        var events = await ReadAllAsync(id);
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (long)i), events.Select(e => e["sequence_num"]!.GetValue<long>()));
        var texts = events.Select(e => e["message"]!["content"]!.GetValue<string>()).ToList();
        Assert.Equal(writers * perWriter, texts.Distinct().Count());
        for (var w = 0; w < writers; w++)
        {
            // Each writer's own events keep the order it sent them in.
            var own = texts.Where(t => t.StartsWith($"w{w}-", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, perWriter).Select(i => $"w{w}-{i}"), own);
        }
    }

    [Fact]
    public async Task A_repeated_uuid_is_acknowledged_and_not_stored_twice()
    {
        var id = await Client.CreateSessionAsync();
        var message = ApiJson.UserMessage("once", uuid: "11111111-2222-3333-4444-555555555555");

        using var first = await Client.PostEventsAsync(id, message);
        using var again = await Client.PostEventsAsync(id, message);
        var secondBody = await again.ReadNodeAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, secondBody["accepted"]!.GetValue<int>());
        Assert.Equal(1, secondBody["duplicates"]!.GetValue<int>());
        Assert.Single(await ReadAllAsync(id));
    }

    [Fact]
    public async Task Stream_events_are_not_stored_and_keep_alives_are_dropped()
    {
        var id = await Client.CreateSessionAsync();

        await WorkerEvents.AppendAsync(Server, id, """{"type":"stream_event","event":{"type":"content_block_delta"}}""", WorkerEvents.Assistant("hi"));
        using var keepAlive = await Client.PostEventsAsync(id, """{"type":"keep_alive"}""");

        Assert.Equal(HttpStatusCode.OK, keepAlive.StatusCode);
        Assert.Equal(["assistant"], (await ReadAllAsync(id)).Select(e => e["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_permission_prompt_makes_the_session_require_action_until_answered()
    {
        var id = await Client.CreateSessionAsync();

        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-1"));
        var waiting = await Client.GetNodeAsync($"/v1/sessions/{id}");
        using var answer = await Client.PostEventsAsync(id, WorkerEvents.Allow("req-1"));
        var answered = await Client.GetNodeAsync($"/v1/sessions/{id}");

        Assert.Equal("requires_action", waiting["session_status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("running", answered["session_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_first_answer_to_a_prompt_wins_and_a_second_gets_409_naming_who_answered()
    {
        var id = await Client.CreateSessionAsync();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-2"));

        using var first = await Client.PostEventsAsync(id, WorkerEvents.Allow("req-2"));
        using var second = await Client.PostEventsAsync(id, WorkerEvents.Deny("req-2"));
        var error = await second.ReadNodeAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(OwnerBootstrap.OwnerEmail, error["error"]!["message"]!.GetValue<string>());
        Assert.Contains("allow", error["error"]!["message"]!.GetValue<string>());
        Assert.Single(await ReadAllAsync(id), e => e["type"]!.GetValue<string>() == "control_response");
    }

    [Fact]
    public async Task A_retried_winning_answer_is_a_duplicate_not_a_conflict()
    {
        var id = await Client.CreateSessionAsync();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-3"));
        var answer = WorkerEvents.Allow("req-3", uuid: "aaaaaaaa-0000-0000-0000-000000000003");

        using var first = await Client.PostEventsAsync(id, answer);
        using var retry = await Client.PostEventsAsync(id, answer);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, (await retry.ReadNodeAsync())["duplicates"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_result_ends_the_turn_and_expires_unanswered_prompts()
    {
        var id = await Client.CreateSessionAsync();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-4"), WorkerEvents.Result());

        var session = await Client.GetNodeAsync($"/v1/sessions/{id}");
        using var late = await Client.PostEventsAsync(id, WorkerEvents.Allow("req-4"));

        Assert.Equal("idle", session["session_status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("expired", (await late.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Event_pages_follow_after_id_and_teleport_pages_follow_next_cursor()
    {
        var id = await Client.CreateSessionAsync();
        for (var i = 0; i < 5; i++)
        {
            (await Client.PostEventsAsync(id, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        var page1 = await Client.GetNodeAsync($"/v1/sessions/{id}/events?limit=3");
        var page2 = await Client.GetNodeAsync($"/v1/sessions/{id}/events?limit=3&after_id={page1["last_id"]}");
        var teleport1 = await Client.GetNodeAsync($"/v1/code/sessions/{id}/teleport-events?limit=4");
        var teleport2 = await Client.GetNodeAsync($"/v1/code/sessions/{id}/teleport-events?limit=4&cursor={teleport1["next_cursor"]}");

        Assert.True(page1["has_more"]!.GetValue<bool>());
        Assert.False(page2["has_more"]!.GetValue<bool>());
        Assert.Equal([4L, 5L], page2["data"]!.AsArray().Select(e => e!["sequence_num"]!.GetValue<long>()));
        Assert.Equal(4, teleport1["data"]!.AsArray().Count);
        Assert.Equal("user", teleport1["data"]![0]!["event_type"]!.GetValue<string>());
        Assert.Equal("m4", teleport2["data"]![0]!["payload"]!["message"]!["content"]!.GetValue<string>());
        Assert.Null(teleport2["next_cursor"]);
    }

    private async Task<List<System.Text.Json.Nodes.JsonNode>> ReadAllAsync(string id)
    {
        var all = new List<System.Text.Json.Nodes.JsonNode>();
        string? after = null;
        while (true)
        {
            var page = await Client.GetNodeAsync($"/v1/sessions/{id}/events?limit=100" + (after is null ? "" : $"&after_id={after}"));
            all.AddRange(page["data"]!.AsArray().Select(e => e!));
            if (!page["has_more"]!.GetValue<bool>())
            {
                return all;
            }

            after = page["last_id"]!.GetValue<string>();
        }
    }
}
