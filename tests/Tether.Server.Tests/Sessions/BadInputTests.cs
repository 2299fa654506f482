using System.Net;
using System.Text;
using Tether.Server.Tests.Events;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Sessions;

public sealed class BadInputTests : ServerTest
{
    private string _session = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _session = await Client.CreateSessionAsync();
    }

    public static TheoryData<string, string, int, string> BadEventBodies => new()
    {
        { "malformed JSON", "{\"events\":[{\"type\":\"user\"", 400, "Malformed JSON" },
        { "events is not an array", "{\"events\":{\"type\":\"user\"}}", 400, "$.events" },
        { "no events field", "{}", 400, "events" },
        { "event is not an object", "{\"events\":[42]}", 400, "events[0] must be a JSON object" },
        { "type missing", "{\"events\":[{\"uuid\":\"u1\"}]}", 400, "events[0].type" },
        { "type is a number", "{\"events\":[{\"type\":7}]}", 400, "events[0].type" },
        { "unknown client event type", "{\"events\":[{\"type\":\"assistant\",\"message\":{}}]}", 400, "not an event a client may send" },
        { "uuid is not a string", "{\"events\":[{\"type\":\"user\",\"uuid\":5,\"message\":{}}]}", 400, "uuid" },
        { "user event without message", "{\"events\":[{\"type\":\"user\"}]}", 400, "needs a message" },
        { "unsupported control request", "{\"events\":[{\"type\":\"control_request\",\"request_id\":\"r\",\"request\":{\"subtype\":\"can_use_tool\"}}]}", 400, "not supported from clients" },
        { "control response without request id", "{\"events\":[{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\"}}]}", 400, "request_id" },
        { "nested too deeply", "{\"events\":[{\"type\":\"user\",\"message\":" + new string('[', 200) + new string(']', 200) + "}]}", 400, "deeply" },
    };

    [Theory]
    [MemberData(nameof(BadEventBodies))]
    public async Task Bad_event_posts_are_refused_with_a_precise_error_and_store_nothing(string why, string body, int status, string messagePart)
    {
        using var response = await Client.PostAsync($"/v1/sessions/{_session}/events", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.ReadNodeAsync();

        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {error.ToJsonString()}");
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Contains(messagePart, error["error"]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await Client.GetNodeAsync($"/v1/sessions/{_session}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_event_over_one_mebibyte_is_refused_with_413()
    {
        var big = ApiJson.UserMessage(new string('x', 1024 * 1024 + 10));

        using var response = await Client.PostEventsAsync(_session, big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await response.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Too_many_events_in_one_post_are_refused_with_413_and_none_stored()
    {
        var events = Enumerable.Range(0, 501).Select(i => ApiJson.UserMessage($"m{i}")).ToArray();

        using var response = await Client.PostEventsAsync(_session, events);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 500", (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
        Assert.Equal(0, (await Client.GetNodeAsync($"/v1/sessions/{_session}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_stores_none_of_it()
    {
        using var response = await Client.PostEventsAsync(_session, ApiJson.UserMessage("fine"), "{\"type\":\"user\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await Client.GetNodeAsync($"/v1/sessions/{_session}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_batch_containing_a_losing_answer_stores_none_of_it()
    {
        await WorkerEvents.AppendAsync(Server, _session, WorkerEvents.CanUseTool("req-b"));
        (await Client.PostEventsAsync(_session, WorkerEvents.Allow("req-b"))).Dispose();
        var before = (await Client.GetNodeAsync($"/v1/sessions/{_session}"))["last_sequence_num"]!.GetValue<long>();

        using var response = await Client.PostEventsAsync(_session, ApiJson.UserMessage("also this"), WorkerEvents.Deny("req-b"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(before, (await Client.GetNodeAsync($"/v1/sessions/{_session}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("/v1/sessions/bad%20id")]
    [InlineData("/v1/sessions/session_abc%2Fdef")]
    [InlineData("/v1/sessions/session_%C3%A9t%C3%A9")]
    public async Task Ids_outside_the_path_safe_charset_get_400(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A-Za-z0-9", (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"title\":5}", "$.title")]
    [InlineData("{\"title\":\"a\\u0007b\"}", "control characters")]
    [InlineData("{\"environment_id\":\"../etc\"}", "environment_id")]
    [InlineData("{\"session_context\":[1]}", "session_context")]
    [InlineData("{\"events\":[{\"data\":{\"type\":\"assistant\"}}]}", "not an event a client may send")]
    [InlineData("[]", "Malformed JSON or wrong type")]
    public async Task Bad_session_creations_are_refused_and_create_nothing(string body, string messagePart)
    {
        using var response = await Client.PostAsync("/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"));
        var list = await Client.GetNodeAsync("/v1/sessions");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(messagePart, (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
        Assert.Single(list["data"]!.AsArray());
    }

    [Theory]
    [InlineData("/v1/sessions?limit=0")]
    [InlineData("/v1/sessions?limit=abc")]
    [InlineData("/v1/sessions?after_id=not-a-session")]
    public async Task Bad_list_queries_get_400(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_rename_without_a_title_is_refused()
    {
        using var response = await Client.PatchAsync($"/v1/sessions/{_session}", ApiJson.Body("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("test session", (await Client.GetNodeAsync($"/v1/sessions/{_session}"))["title"]!.GetValue<string>());
    }
}
