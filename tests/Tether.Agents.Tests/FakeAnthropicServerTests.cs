using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Tether.FakeAnthropic;

namespace Tether.Agents.Tests;

/// <summary>The fake Messages API over real HTTP: wire shapes, script choice and request recording.</summary>
public sealed class FakeAnthropicServerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static FakeScript Script() => new FakeScript()
        .WhenUserSays("run it", ScriptedReply.WithBash("touch x", "Make x"))
        .WhenToolResult(ScriptedReply.WithText("All done after the tool."))
        .Otherwise(ScriptedReply.WithText("Plain default reply."));

    [Fact]
    public async Task Streaming_ToolUseReply_FollowsAnthropicsEventSequence()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var fake = await FakeAnthropicServer.StartAsync(Script(), cts.Token);
        using var http = new HttpClient();

        using var response = await http.PostAsync($"{fake.BaseUrl}/v1/messages?beta=true", Body("please run it", stream: true, tools: ["Bash"]), cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Name, JsonObject Data)>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(cts.Token)).EnumerateAsync(cts.Token))
        {
            var data = JsonNode.Parse(item.Data)!.AsObject();
            Assert.Equal(item.EventType, (string?)data["type"]);
            events.Add((item.EventType, data));
        }

        var names = events.Select(e => e.Name).Where(name => name != "ping").Distinct().ToList();
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], names);
        Assert.Equal("claude-test", (string?)events[0].Data["message"]!["model"]);
        Assert.Equal("tool_use", (string?)events.Single(e => e.Name == "content_block_start").Data["content_block"]!["type"]);
        var partialJson = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => (string?)e.Data["delta"]!["partial_json"]));
        Assert.True(events.Count(e => e.Name == "content_block_delta") > 1, "Input JSON should arrive in several deltas.");
        Assert.Equal("touch x", (string?)JsonNode.Parse(partialJson)!["command"]);
        Assert.Equal("tool_use", (string?)events.Single(e => e.Name == "message_delta").Data["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task NonStreaming_WithoutTheToolOffered_FallsBackToTheDefaultText()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var fake = await FakeAnthropicServer.StartAsync(Script(), cts.Token);
        using var http = new HttpClient();

        using var response = await http.PostAsync($"{fake.BaseUrl}/v1/messages", Body("please run it", stream: false, tools: []), cts.Token);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message", (string?)message["type"]);
        Assert.Equal("end_turn", (string?)message["stop_reason"]);
        Assert.Equal("Plain default reply.", (string?)message["content"]![0]!["text"]);
        Assert.True((int)message["usage"]!["input_tokens"]! > 0);
    }

    [Fact]
    public async Task ToolResult_IsAnsweredByTheToolResultRule()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var fake = await FakeAnthropicServer.StartAsync(Script(), cts.Token);
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["model"] = "claude-test",
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = "please run it" },
                new JsonObject
                {
                    ["role"] = "user",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_1", ["content"] = "denied", ["is_error"] = true }),
                }),
        };

        using var response = await http.PostAsync($"{fake.BaseUrl}/v1/messages", Json(body), cts.Token);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token))!;

        Assert.Equal("All done after the tool.", (string?)message["content"]![0]!["text"]);
        var recorded = Assert.Single(fake.MessagesRequests);
        Assert.True(recorded.LastToolResultIsError);
        Assert.Equal("denied", recorded.LastToolResultText);
    }

    [Fact]
    public async Task OtherRoutes_AnswerCountTokensAndAnthropicStyle404s()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var fake = await FakeAnthropicServer.StartAsync(Script(), cts.Token);
        using var http = new HttpClient();

        using var count = await http.PostAsync($"{fake.BaseUrl}/v1/messages/count_tokens", Body("hello", stream: false, tools: []), cts.Token);
        using var missing = await http.GetAsync($"{fake.BaseUrl}/v1/models/nope", cts.Token);
        using var probe = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, fake.BaseUrl + "/"), cts.Token);

        Assert.True((int)JsonNode.Parse(await count.Content.ReadAsStringAsync(cts.Token))!["input_tokens"]! > 0);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = JsonNode.Parse(await missing.Content.ReadAsStringAsync(cts.Token))!;
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("not_found_error", (string?)error["error"]!["type"]);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(["POST /v1/messages/count_tokens", "GET /v1/models/nope", "HEAD /"], fake.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    private static StringContent Body(string prompt, bool stream, string[] tools) => Json(new JsonObject
    {
        ["model"] = "claude-test",
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = prompt }),
        }),
        ["tools"] = new JsonArray([.. tools.Select(name => (JsonNode)new JsonObject { ["name"] = name, ["input_schema"] = new JsonObject() })]),
    });

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
