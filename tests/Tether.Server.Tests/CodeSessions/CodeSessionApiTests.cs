using System.Net;
using System.Text.Json;
using Tether.Protocol.Ids;
using Tether.Server.Events;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>The env-less code-sessions API and the v2 worker endpoints, over real HTTP.</summary>
public sealed class CodeSessionApiTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData("""{"title":"t"}""", "bridge")]
    [InlineData("""{"title":"t","bridge":null}""", "bridge")]
    [InlineData("""{"title":"t","bridge":{},"environment_id":""}""", "environment_id")]
    [InlineData("""{"bridge":{},"config":[1]}""", "config")]
    [InlineData("""{"bridge":{},"tags":[""]}""", "tags")]
    public async Task Creating_a_code_session_needs_a_bridge_object(string body, string messagePart)
    {
        using var response = await _owner.PostAsync("/v1/code/sessions", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(messagePart, (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_code_session_is_a_normal_session_under_both_ids()
    {
        var created = await _owner.PostJsonAsync(
            "/v1/code/sessions", """{"title":"mirror","bridge":{},"tags":["ccr-mirror"],"config":{"cwd":"/repo","model":"opus"}}""");
        var id = created["session"]!["id"]!.GetValue<string>();

        var viaSessions = await _owner.GetNodeAsync($"/v1/sessions/session_{id["cse_".Length..]}");
        var viaInfra = await _owner.GetNodeAsync($"/v1/sessions/{id}");
        var listed = await _owner.GetNodeAsync("/v1/sessions");

        Assert.StartsWith("cse_", id);
        Assert.Equal("mirror", viaSessions["title"]!.GetValue<string>());
        Assert.Equal(viaSessions["id"]!.GetValue<string>(), viaInfra["id"]!.GetValue<string>());
        Assert.Equal("/repo", viaSessions["session_context"]!["cwd"]!.GetValue<string>());
        Assert.Equal("opus", viaSessions["session_context"]!["model"]!.GetValue<string>());
        Assert.Equal("ccr-mirror", viaSessions["session_context"]!["tags"]![0]!.GetValue<string>());
        Assert.Contains(listed["data"]!.AsArray(), s => s!["id"]!.GetValue<string>() == viaSessions["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_bridge_call_bumps_the_epoch_and_fences_off_the_previous_worker()
    {
        using var first = await V2Worker.StartAsync(_server, _owner);
        using var second = await V2Worker.RegisterAsync(_server, _owner, first.SessionId);

        using var stale = await first.PutStateAsync($$$"""{"worker_epoch":{{{first.Epoch}}},"worker_status":"running"}""");
        using var staleWrite = await first.PostEventsAsync(WorkerEvents.Assistant("from the old worker"));
        using var staleBody = await second.PutStateAsync($$$"""{"worker_epoch":{{{first.Epoch}}},"worker_status":"running"}""");
        using var current = await second.PutStateAsync($$$"""{"worker_epoch":"{{{second.Epoch}}}","worker_status":"running"}""");

        Assert.Equal(1, first.Epoch);
        Assert.Equal(2, second.Epoch);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("superseded_by_worker", stale.Headers.GetValues("x-ccr-conflict-reason").Single());
        Assert.Equal(HttpStatusCode.Conflict, staleWrite.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleBody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(0, (await _owner.GetNodeAsync($"/v1/sessions/{first.CompatId}"))["last_sequence_num"]!.GetValue<long>());
        Assert.Equal(2, (await second.StateAsync())["worker_epoch"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_upload_racing_a_new_registration_is_fenced_inside_the_writers_transaction()
    {
        using var first = await V2Worker.StartAsync(_server, _owner);
        using var second = await V2Worker.RegisterAsync(_server, _owner, first.SessionId);
        SessionIds.TryGetBody(first.SessionId, out var body);
        var validation = _server.GetRequiredService<EventValidator>()
            .Validate([JsonDocument.Parse(WorkerEvents.Assistant("late")).RootElement], EventSource.Worker);

        // As if the old worker's request passed the epoch check just before the second registration committed.
        var result = await _server.GetRequiredService<EventLog>().AppendAsync(
            new AppendRequest(body, null, EventSource.Worker, validation.Events!, "worker:1") { WorkerEpoch = first.Epoch }, _timeout.Token);

        Assert.Equal(AppendStatus.WorkerSuperseded, result.Status);
        Assert.Equal(0, (await _owner.GetNodeAsync($"/v1/sessions/{first.CompatId}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task Register_bumps_the_epoch_and_a_bridge_call_can_insist_on_the_epoch_it_expects()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);

        var registered = await worker.Client.PostJsonAsync(worker.Path("/register"), "{}");
        using var raced = await _owner.PostAsync($"/v1/code/sessions/{worker.SessionId}/bridge", ApiJson.Body("""{"expected_epoch":1}"""));
        using var agreed = await _owner.PostAsync($"/v1/code/sessions/{worker.SessionId}/bridge", ApiJson.Body("""{"expected_epoch":2}"""));

        Assert.Equal(2, registered["worker_epoch"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, raced.StatusCode);
        Assert.Equal(3, (await agreed.ReadNodeAsync())["worker_epoch"]!.GetValue<long>());
    }

    [Fact]
    public async Task Worker_endpoints_refuse_anything_but_this_sessions_worker_jwt()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        using var other = await V2Worker.StartAsync(_server, _owner, "other");
        using var anonymous = _server.CreateClient(token: null);
        using var tampered = _server.CreateClient(token: worker.Jwt[..^4] + (worker.Jwt.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        using var userToken = await _owner.GetAsync(worker.Path());
        using var missing = await anonymous.GetAsync(worker.Path());
        using var forged = await tampered.GetAsync(worker.Path());
        using var wrongSession = await other.Client.GetAsync(worker.Path());
        using var own = await worker.Client.GetAsync(worker.Path());

        Assert.Equal(HttpStatusCode.Unauthorized, userToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongSession.StatusCode);
        Assert.Equal("authentication_error", (await userToken.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Bridge_credentials_are_for_the_callers_org_sessions_only()
    {
        using var unknown = await _owner.PostAsync("/v1/code/sessions/cse_01UNKNOWNSESSION0000000000/bridge", ApiJson.Body("{}"));
        using var anonymous = _server.CreateClient(token: null);
        using var unauthenticated = await anonymous.PostAsync("/v1/code/sessions", ApiJson.Body("""{"bridge":{}}"""));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Metadata_merges_one_level_deep_and_null_deletes()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);

        (await worker.PutStateAsync($$$"""
            {"worker_epoch":{{{worker.Epoch}}},"external_metadata":{"a":1,"b":{"x":1},"c":3},"internal_metadata":{"keep":true,"drop":1}}
            """)).Dispose();
        (await worker.PutStateAsync($$$"""
            {"worker_epoch":{{{worker.Epoch}}},"external_metadata":{"b":{"y":2},"c":null,"d":4},"internal_metadata":{"drop":null}}
            """)).Dispose();
        var merged = await worker.StateAsync();
        (await worker.PutStateAsync($$$"""{"worker_epoch":{{{worker.Epoch}}},"external_metadata":null}""")).Dispose();
        var cleared = await worker.StateAsync();

        Assert.Equal("""{"a":1,"b":{"y":2},"d":4}""", merged["external_metadata"]!.ToJsonString());
        Assert.Equal("""{"keep":true}""", merged["internal_metadata"]!.ToJsonString());
        Assert.Equal("{}", cleared["external_metadata"]!.ToJsonString());
        Assert.Equal("""{"keep":true}""", cleared["internal_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task The_workers_report_is_the_sessions_status_and_viewers_hear_of_it()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        await using var viewer = await SessionSocket.ConnectAsync(_server.BaseAddress, $"/v1/sessions/ws/{worker.CompatId}/subscribe", LoopbackServer.OwnerToken);

        (await worker.PutStateAsync($$$"""{"worker_epoch":{{{worker.Epoch}}},"worker_status":"running"}""")).Dispose();
        var update = await viewer.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "session_update", _timeout.Token);
        var running = await StatusAsync(worker);
        // A v1 rule would call the session idle after a result; with a v2 worker only the worker's report counts.
        (await worker.PostEventsAsync(WorkerEvents.Result())).Dispose();
        var afterResult = await StatusAsync(worker);
        (await worker.PutStateAsync($$$"""{"worker_epoch":{{{worker.Epoch}}},"worker_status":"requires_action","requires_action_details":{"tool_name":"Bash","action_description":"rm","request_id":"r1"}}""")).Dispose();
        var asking = await StatusAsync(worker);
        var details = (await worker.StateAsync())["requires_action_details"]!["tool_name"]!.GetValue<string>();

        Assert.Equal("running", update["session_status"]!.GetValue<string>());
        Assert.Equal("running", running);
        Assert.Equal("running", afterResult);
        Assert.Equal("requires_action", asking);
        Assert.Equal("Bash", details);
    }

    [Fact]
    public async Task An_open_permission_prompt_shows_as_requires_action_until_answered()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        (await worker.PutStateAsync($$$"""{"worker_epoch":{{{worker.Epoch}}},"worker_status":"running"}""")).Dispose();

        (await worker.PostEventsAsync(WorkerEvents.CanUseTool("req-1"))).Dispose();
        var pending = await StatusAsync(worker);
        using var answer = await _owner.PostEventsAsync(worker.CompatId, WorkerEvents.Allow("req-1"));
        var answered = await StatusAsync(worker);

        Assert.Equal("requires_action", pending);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("running", answered);
    }

    [Fact]
    public async Task Ephemeral_events_reach_live_viewers_but_are_never_stored()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        await using var viewer = await SessionSocket.ConnectAsync(_server.BaseAddress, $"/v1/sessions/ws/{worker.CompatId}/subscribe", LoopbackServer.OwnerToken);
        var uuid = Guid.NewGuid().ToString();

        var body = $$$"""
            {"worker_epoch":{{{worker.Epoch}}},"events":[
              {"payload":{"type":"assistant","uuid":"{{{uuid}}}","message":{"role":"assistant","content":"partial"}},"ephemeral":true},
              {"payload":{"type":"keep_alive"}},
              {"payload":{{{WorkerEvents.Assistant("durable")}}}}]}
            """;
        var accepted = await worker.Client.PostJsonAsync(worker.Path("/events"), body);
        var live = await viewer.ReceiveUntilAsync(f => f["uuid"]?.GetValue<string>() == uuid, _timeout.Token);
        var stored = await _owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}/events");

        Assert.Equal(1, accepted["accepted"]!.GetValue<int>());
        Assert.Equal(1, accepted["ephemeral"]!.GetValue<int>());
        Assert.Null(live["sequence_num"]);
        var only = Assert.Single(stored["data"]!.AsArray());
        Assert.Equal("durable", only!["message"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repeated_uuid_is_acknowledged_and_stored_once()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        var message = WorkerEvents.Assistant("once");

        var first = await (await worker.PostEventsAsync(message)).ReadNodeAsync();
        var again = await (await worker.PostEventsAsync(message)).ReadNodeAsync();

        Assert.Equal(1, first["accepted"]!.GetValue<int>());
        Assert.Equal(0, again["accepted"]!.GetValue<int>());
        Assert.Equal(1, again["duplicates"]!.GetValue<int>());
        Assert.Equal(1, (await _owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task Internal_events_page_in_order_with_a_cursor_and_skip_repeated_uuids()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        var events = string.Join(',', Enumerable.Range(1, 5).Select(i => $$$"""{"payload":{"type":"user","uuid":"i{{{i}}}","n":{{{i}}}},"is_compaction":{{{(i == 3 ? "true" : "false")}}}}"""));
        var posted = await worker.Client.PostJsonAsync(worker.Path("/internal-events"), $$$"""{"worker_epoch":{{{worker.Epoch}}},"events":[{{{events}}}]}""");
        var repeated = await worker.Client.PostJsonAsync(
            worker.Path("/internal-events"),
            $$$"""{"worker_epoch":{{{worker.Epoch}}},"events":[{"payload":{"type":"user","uuid":"i2"}},{"payload":{"type":"assistant","uuid":"sub"},"agent_id":"agent-1"}]}""");

        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await worker.Client.GetNodeAsync(worker.Path($"/internal-events?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["data"]!.AsArray().Select(e => e!["payload"]!["n"]!.GetValue<int>()));
            cursor = page["next_cursor"]?.GetValue<string>();
            Assert.True(cursor is not null || !page.AsObject().ContainsKey("next_cursor"), "the last page omits next_cursor");
            pages++;
        }
        while (cursor is not null);
        var withSubagents = await worker.Client.GetNodeAsync(worker.Path("/internal-events?subagents=true"));
        var oneAgent = await worker.Client.GetNodeAsync(worker.Path("/internal-events?session_agent_id=agent-1"));
        var third = (await worker.Client.GetNodeAsync(worker.Path("/internal-events?limit=3")))["data"]![2]!;

        Assert.All(posted["results"]!.AsArray(), r => Assert.False(r!["duplicate"]!.GetValue<bool>()));
        Assert.True(repeated["results"]![0]!["duplicate"]!.GetValue<bool>());
        Assert.Equal(posted["results"]![1]!["event_id"]!.GetValue<string>(), repeated["results"]![0]!["event_id"]!.GetValue<string>());
        Assert.Equal([1, 2, 3, 4, 5], seen);
        Assert.Equal(3, pages);
        Assert.Equal(6, withSubagents["data"]!.AsArray().Count);
        Assert.Equal("agent-1", Assert.Single(oneAgent["data"]!.AsArray())!["agent_id"]!.GetValue<string>());
        Assert.True(third["is_compaction"]!.GetValue<bool>());
        Assert.Equal("user", third["event_type"]!.GetValue<string>());
        Assert.Equal(0, (await _owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task Heartbeats_keep_the_worker_online_and_advise_the_interval()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        var before = await worker.StateAsync();

        var beat = await worker.Client.PostJsonAsync(worker.Path("/heartbeat"), $$$"""{"session_id":"{{{worker.CompatId}}}","worker_epoch":{{{worker.Epoch}}}}""");
        var after = await worker.StateAsync();
        using var stale = await worker.Client.PostAsync(worker.Path("/heartbeat"), ApiJson.Body($$$"""{"session_id":"{{{worker.SessionId}}}","worker_epoch":{{{worker.Epoch + 1}}}}"""));
        using var elsewhere = await worker.Client.PostAsync(worker.Path("/heartbeat"), ApiJson.Body($$$"""{"session_id":"cse_01SOMEOTHERSESSION00000000","worker_epoch":{{{worker.Epoch}}}}"""));

        Assert.False(before["worker_online"]!.GetValue<bool>());
        Assert.Equal(60, beat["ttl_seconds"]!.GetValue<int>());
        Assert.Equal(20, beat["heartbeat_interval_seconds"]!.GetValue<int>());
        Assert.Equal(20000, beat["ccr_heartbeat_policy"]!["interval_ms"]!.GetValue<int>());
        Assert.True(after["worker_online"]!.GetValue<bool>());
        Assert.NotNull(after["last_heartbeat_at"]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_goodbye_takes_the_worker_offline_at_once()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        await worker.Client.PostJsonAsync(worker.Path("/heartbeat"), $$$"""{"worker_epoch":{{{worker.Epoch}}}}""");

        (await worker.PutStateAsync($$$"""{"worker_epoch":{{{worker.Epoch}}},"connection_status":"disconnected"}""")).Dispose();

        Assert.False((await worker.StateAsync())["worker_online"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_archived_session_takes_no_more_worker_writes()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);

        var archived = await _owner.PostJsonAsync($"/v1/sessions/{worker.CompatId}/archive", "{}");
        using var write = await worker.PutStateAsync($$$"""{"worker_epoch":{{{worker.Epoch}}},"worker_status":"running"}""");
        using var bridge = await _owner.PostAsync($"/v1/code/sessions/{worker.SessionId}/bridge", ApiJson.Body("{}"));

        Assert.Equal("archived", archived["session_status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, write.StatusCode);
        Assert.Equal("session_not_active", write.Headers.GetValues("x-ccr-conflict-reason").Single());
        Assert.Equal(HttpStatusCode.Conflict, bridge.StatusCode);
    }

    public static TheoryData<string, string, string, int, string> BadWorkerBodies => new()
    {
        { "malformed JSON", "PUT", "", 400, "Malformed JSON" },
        { "epoch missing", "PUT", """{"worker_status":"idle"}""", 400, "worker_epoch is required" },
        { "epoch is a boolean", "PUT", """{"worker_epoch":true}""", 400, "worker_epoch must be" },
        { "epoch is an object", "POST /events", """{"worker_epoch":{"n":1},"events":[]}""", 400, "worker_epoch must be" },
        { "epoch is not digits", "POST /events/delivery", """{"worker_epoch":"one","updates":[]}""", 400, "worker_epoch must be" },
        { "unknown status", "PUT", """{"worker_epoch":1,"worker_status":"sleeping"}""", 400, "worker_status" },
        { "metadata is an array", "PUT", """{"worker_epoch":1,"external_metadata":[1]}""", 400, "external_metadata" },
        { "details is a string", "PUT", """{"worker_epoch":1,"requires_action_details":"x"}""", 400, "requires_action_details" },
        { "events missing", "POST /events", """{"worker_epoch":1}""", 400, "events" },
        { "events is an object", "POST /events", """{"worker_epoch":1,"events":{}}""", 400, "$.events" },
        { "payload is a number", "POST /events", """{"worker_epoch":1,"events":[{"payload":5}]}""", 400, "must be a JSON object" },
        { "payload without type", "POST /events", """{"worker_epoch":1,"events":[{"payload":{"uuid":"u"}}]}""", 400, "type" },
        { "ephemeral is a string", "POST /events", """{"worker_epoch":1,"events":[{"payload":{"type":"x"},"ephemeral":"yes"}]}""", 400, "ephemeral" },
        { "unknown delivery status", "POST /events/delivery", """{"worker_epoch":1,"updates":[{"event_id":"e","status":"done"}]}""", 400, "status" },
        { "delivery without event id", "POST /events/delivery", """{"worker_epoch":1,"updates":[{"status":"received"}]}""", 400, "event_id" },
        { "internal payload without type", "POST /internal-events", """{"worker_epoch":1,"events":[{"payload":{}}]}""", 400, "type" },
        { "heartbeat epoch is null", "POST /heartbeat", """{"worker_epoch":null}""", 400, "worker_epoch" },
    };

    [Theory]
    [MemberData(nameof(BadWorkerBodies))]
    public async Task Bad_worker_input_gets_a_precise_json_error_and_changes_nothing(string why, string route, string body, int status, string messagePart)
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        var path = route == "PUT" ? worker.Path() : worker.Path(route["POST ".Length..]);
        using var request = new HttpRequestMessage(route == "PUT" ? HttpMethod.Put : HttpMethod.Post, path)
        {
            Content = ApiJson.Body(body.Length == 0 ? "{\"worker_epoch\":" : body),
        };

        using var response = await worker.Client.SendAsync(request);
        var error = await response.ReadNodeAsync();

        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {error.ToJsonString()}");
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Contains(messagePart, error["error"]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Null((await worker.StateAsync())["worker_status"]);
        Assert.Equal(0, (await _owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task Uploads_over_the_per_request_limits_are_refused_with_413()
    {
        using var worker = await V2Worker.StartAsync(_server, _owner);
        var events = string.Join(',', Enumerable.Range(0, 101).Select(_ => $$$"""{"payload":{{{WorkerEvents.Assistant("x")}}}}"""));
        var updates = string.Join(',', Enumerable.Range(0, 65).Select(i => $$$"""{"event_id":"e{{{i}}}","status":"received"}"""));

        using var tooMany = await worker.Client.PostAsync(worker.Path("/events"), ApiJson.Body($$$"""{"worker_epoch":{{{worker.Epoch}}},"events":[{{{events}}}]}"""));
        using var tooManyUpdates = await worker.Client.PostAsync(worker.Path("/events/delivery"), ApiJson.Body($$$"""{"worker_epoch":{{{worker.Epoch}}},"updates":[{{{updates}}}]}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Contains("at most 100", (await tooMany.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyUpdates.StatusCode);
        Assert.Equal(0, (await _owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_upload_body_over_the_byte_limit_is_refused_with_413()
    {
        // A small limit keeps the whole refused body inside socket buffers, so the client reads the answer, not a reset.
        await using var server = await LoopbackServer.StartAsync(customize: o => o with { MaxWorkerEventsBytes = 64 * 1024 });
        using var owner = server.CreateClient();
        using var worker = await V2Worker.StartAsync(server, owner);
        var huge = $$$"""{"worker_epoch":{{{worker.Epoch}}},"events":[{"payload":{"type":"assistant","text":"{{{new string('x', 100 * 1024)}}}"}}]}""";

        using var tooBig = await worker.Client.PostAsync(worker.Path("/events"), ApiJson.Body(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("request_too_large", (await tooBig.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
    }

    private async Task<string> StatusAsync(V2Worker worker) =>
        (await _owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}"))["session_status"]!.GetValue<string>();
}
