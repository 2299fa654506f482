using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.Testing;

/// <summary>Terse JSON helpers for API tests.</summary>
public static class ApiJson
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(JsonNode node) => Body(node.ToJsonString());

    public static async Task<JsonNode> ReadNodeAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON body");
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, Body(json));
        var node = await response.ReadNodeAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from POST {path}: {node.ToJsonString()}");
        }

        return node;
    }

    public static async Task<JsonNode> GetNodeAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var node = await response.ReadNodeAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from GET {path}: {node.ToJsonString()}");
        }

        return node;
    }

    /// <summary>A user message event as the reference client posts it.</summary>
    public static string UserMessage(string text, string? uuid = null) =>
        new JsonObject
        {
            ["type"] = "user",
            ["uuid"] = uuid ?? Guid.NewGuid().ToString(),
            ["session_id"] = "",
            ["parent_tool_use_id"] = null,
            ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
        }.ToJsonString();

    public static string Events(params string[] events) => $"{{\"events\":[{string.Join(',', events)}]}}";

    public static async Task<string> CreateSessionAsync(this HttpClient client, string title = "test session")
    {
        var node = await client.PostJsonAsync("/v1/sessions", JsonSerializer.Serialize(new { title }));
        return node["id"]!.GetValue<string>();
    }

    public static async Task<HttpResponseMessage> PostEventsAsync(this HttpClient client, string sessionId, params string[] events) =>
        await client.PostAsync($"/v1/sessions/{sessionId}/events", Body(Events(events)));

    public static async Task<T> ReadAsAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>())!;
}
