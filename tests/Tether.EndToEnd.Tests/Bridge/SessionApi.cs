using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>What a person does through the Sessions API: create a session on an environment, prompt, answer, read the log.</summary>
internal sealed class SessionApi(HttpClient http)
{
    public async Task<string> CreateOnAsync(string environmentId, string title = "bridge test")
    {
        var body = new JsonObject
        {
            ["title"] = title,
            ["environment_id"] = environmentId,
            ["source"] = "remote-control",
            ["session_context"] = new JsonObject { ["sources"] = new JsonArray(), ["outcomes"] = new JsonArray() },
        };
        return (await http.PostJsonAsync("/v1/sessions", body.ToJsonString()))["id"]!.GetValue<string>();
    }

    /// <summary>The org setting that picks the transport of work claimed from now on (v2 code sessions or v1 ingress).</summary>
    public async Task UseCodeSessionsAsync(bool on)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/orgs/current/settings")
        {
            Content = new StringContent(new JsonObject { ["use_code_sessions"] = on }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"settings: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task PromptAsync(string sessionId, string text, string? uuid = null)
    {
        using var response = await http.PostEventsAsync(sessionId, ApiJson.UserMessage(text, uuid));
        Assert.True(response.IsSuccessStatusCode, $"prompt: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task AnswerAsync(string sessionId, string requestId, bool allow, string? message = null)
    {
        var answer = new JsonObject
        {
            ["type"] = "control_response",
            ["uuid"] = Guid.NewGuid().ToString(),
            ["response"] = new JsonObject
            {
                ["subtype"] = "success",
                ["request_id"] = requestId,
                ["response"] = allow
                    ? new JsonObject { ["behavior"] = "allow", ["updatedInput"] = new JsonObject() }
                    : new JsonObject { ["behavior"] = "deny", ["message"] = message ?? "denied by the test" },
            },
        };
        using var response = await http.PostEventsAsync(sessionId, answer.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, $"answer: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task InterruptAsync(string sessionId)
    {
        var request = new JsonObject
        {
            ["type"] = "control_request",
            ["uuid"] = Guid.NewGuid().ToString(),
            ["request_id"] = Guid.NewGuid().ToString(),
            ["request"] = new JsonObject { ["subtype"] = "interrupt" },
        };
        using var response = await http.PostEventsAsync(sessionId, request.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, $"interrupt: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Every stored event of the session, oldest first.</summary>
    public async Task<List<JsonObject>> EventsAsync(string sessionId)
    {
        var events = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            var page = await http.GetNodeAsync($"/v1/sessions/{sessionId}/events?limit=100" + (after is null ? "" : $"&after_id={after}"));
            var data = page["data"]!.AsArray().Select(e => e!.AsObject()).ToList();
            events.AddRange(data);
            if (page["has_more"]?.GetValue<bool>() != true || data.Count == 0)
            {
                return events;
            }

            after = page["last_id"]!.GetValue<string>();
        }
    }

    public async Task<string> StatusAsync(string sessionId) =>
        (await http.GetNodeAsync($"/v1/sessions/{sessionId}"))["session_status"]!.GetValue<string>();

    /// <summary>Waits for an event matching <paramref name="match"/> and returns it.</summary>
    public async Task<JsonObject> WaitForEventAsync(string sessionId, Func<JsonObject, bool> match, string because, TimeSpan? timeout = null)
    {
        JsonObject? found = null;
        await Eventually.TrueAsync(async () => (found = (await EventsAsync(sessionId)).FirstOrDefault(match)) is not null, timeout ?? TimeSpan.FromSeconds(30), because);
        return found!;
    }

    public static bool IsCanUseTool(JsonObject e) =>
        (string?)e["type"] == "control_request" && (string?)e["request"]?["subtype"] == "can_use_tool";

    public static bool IsResult(JsonObject e) => (string?)e["type"] == "result";

    public static string Type(JsonObject e) => (string?)e["type"] ?? "";
}
