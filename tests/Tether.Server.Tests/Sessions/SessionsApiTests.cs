using System.Net;
using System.Text.Json.Nodes;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Sessions;

public sealed class SessionsApiTests : ServerTest
{
    [Fact]
    public async Task Create_returns_an_idle_session_with_a_session_prefixed_id()
    {
        var created = await Client.PostJsonAsync("/v1/sessions",
            """{"title":"fix the bug","session_context":{"cwd":"/repo","model":"m1"},"source":"remote-control","permission_mode":"default"}""");

        Assert.StartsWith("session_", created["id"]!.GetValue<string>());
        Assert.Equal("session", created["type"]!.GetValue<string>());
        Assert.Equal("fix the bug", created["title"]!.GetValue<string>());
        Assert.Equal("idle", created["session_status"]!.GetValue<string>());
        Assert.Equal("/repo", created["session_context"]!["cwd"]!.GetValue<string>());
        Assert.Equal("remote-control", created["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_accepts_both_the_session_and_the_cse_spelling_of_an_id()
    {
        var id = await Client.CreateSessionAsync("twins");
        var body = id["session_".Length..];

        var bySession = await Client.GetNodeAsync($"/v1/sessions/{id}");
        var byCse = await Client.GetNodeAsync($"/v1/sessions/cse_{body}");

        Assert.Equal(id, bySession["id"]!.GetValue<string>());
        Assert.Equal(id, byCse["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_pages_newest_first_with_cursor_fields()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Client.CreateSessionAsync($"s{i}"));
        }

        var first = await Client.GetNodeAsync("/v1/sessions?limit=2");
        var second = await Client.GetNodeAsync($"/v1/sessions?limit=2&after_id={first["last_id"]}");
        var third = await Client.GetNodeAsync($"/v1/sessions?limit=2&after_id={second["last_id"]}");

        var seen = new[] { first, second, third }.SelectMany(p => p["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>())).ToList();
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.False(third["has_more"]!.GetValue<bool>());
        Assert.Equal(seen[0], first["first_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rename_changes_the_title()
    {
        var id = await Client.CreateSessionAsync("old");

        using var response = await Client.PatchAsync($"/v1/sessions/{id}", ApiJson.Body("""{"title":"new"}"""));
        var fetched = await Client.GetNodeAsync($"/v1/sessions/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("new", fetched["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Archive_succeeds_once_then_answers_409_and_the_session_refuses_new_events()
    {
        var id = await Client.CreateSessionAsync();

        using var first = await Client.PostAsync($"/v1/sessions/{id}/archive", ApiJson.Body("{}"));
        using var second = await Client.PostAsync($"/v1/sessions/{id}/archive", ApiJson.Body("{}"));
        using var post = await Client.PostEventsAsync(id, ApiJson.UserMessage("too late"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("archived", (await first.ReadNodeAsync())["session_status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        Assert.Equal("conflict_error", (await post.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Archived_sessions_are_left_out_of_the_list_unless_asked_for()
    {
        var kept = await Client.CreateSessionAsync("kept");
        var archived = await Client.CreateSessionAsync("archived");
        (await Client.PostAsync($"/v1/sessions/{archived}/archive", ApiJson.Body("{}"))).Dispose();

        var active = await Client.GetNodeAsync("/v1/sessions");
        var all = await Client.GetNodeAsync("/v1/sessions?include_archived=true");

        Assert.Equal([kept], active["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal(2, all["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Initial_events_are_stored_in_order_and_a_user_message_makes_the_session_running()
    {
        var request = new JsonObject
        {
            ["title"] = "with prompt",
            ["events"] = new JsonArray(
                JsonNode.Parse("""{"type":"event","data":{"type":"control_request","request_id":"set-mode-1","request":{"subtype":"set_permission_mode","mode":"plan"}}}"""),
                new JsonObject { ["type"] = "event", ["data"] = JsonNode.Parse(ApiJson.UserMessage("hello")) }),
        };

        var created = await Client.PostJsonAsync("/v1/sessions", request.ToJsonString());
        var events = await Client.GetNodeAsync($"/v1/sessions/{created["id"]}/events");

        Assert.Equal("running", created["session_status"]!.GetValue<string>());
        Assert.Equal(["control_request", "user"], events["data"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1L, 2L], events["data"]!.AsArray().Select(e => e!["sequence_num"]!.GetValue<long>()));
    }
}
