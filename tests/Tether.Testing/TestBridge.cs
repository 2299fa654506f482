using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Tether.Testing;

/// <summary>The bridge side of the Environments API, as raw HTTP: register, poll, ack, heartbeat.</summary>
public sealed class TestBridge(LoopbackServer server, string environmentId, string secret)
{
    public string EnvironmentId { get; } = environmentId;

    public string Secret { get; } = secret;

    public static string RegistrationBody(int maxSessions = 4, string? environmentId = null) => new JsonObject
    {
        ["machine_name"] = "laptop",
        ["directory"] = "/home/dev/repo",
        ["branch"] = "main",
        ["git_repo_url"] = "https://example.com/acme/repo",
        ["max_sessions"] = maxSessions,
        ["metadata"] = new JsonObject { ["worker_type"] = "claude_code" },
        ["environment_id"] = environmentId,
    }.ToJsonString();

    public static async Task<TestBridge> RegisterAsync(LoopbackServer server, int maxSessions = 4, HttpClient? user = null, string? environmentId = null)
    {
        using var owned = user is null ? server.CreateClient() : null;
        var node = await (user ?? owned!).PostJsonAsync("/v1/environments/bridge", RegistrationBody(maxSessions, environmentId));
        return new TestBridge(server, node["environment_id"]!.GetValue<string>(), node["environment_secret"]!.GetValue<string>());
    }

    public HttpClient Client(string? token) => server.CreateClient(token);

    public async Task<HttpResponseMessage> PollRawAsync(string? reclaimMs = null, CancellationToken cancellationToken = default)
    {
        using var client = Client(Secret);
        var query = reclaimMs is null ? "" : $"?reclaim_older_than_ms={reclaimMs}";
        return await client.GetAsync($"/v1/environments/{EnvironmentId}/work/poll{query}", cancellationToken);
    }

    /// <summary>Polls once; null when the server answered "no work" (200 with a null body).</summary>
    public async Task<JsonNode?> PollAsync(string? reclaimMs = null, CancellationToken cancellationToken = default)
    {
        using var response = await PollRawAsync(reclaimMs, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? JsonNode.Parse(text)
            : throw new InvalidOperationException($"poll answered {(int)response.StatusCode}: {text}");
    }

    public static JsonNode DecodeSecret(JsonNode work) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(work["secret"]!.GetValue<string>())))!;

    public static string IngressToken(JsonNode work) => DecodeSecret(work)["session_ingress_token"]!.GetValue<string>();

    public async Task<HttpResponseMessage> WorkCallAsync(JsonNode work, string verb, string? token = null)
    {
        using var client = Client(token ?? IngressToken(work));
        return await client.PostAsync($"/v1/environments/{EnvironmentId}/work/{work["id"]!.GetValue<string>()}/{verb}", ApiJson.Body("{}"));
    }

    public async Task AckAsync(JsonNode work)
    {
        using var response = await WorkCallAsync(work, "ack");
        EnsureOk(response, "ack");
    }

    public async Task StopAsync(JsonNode work)
    {
        using var client = Client(LoopbackServer.OwnerToken);
        using var response = await client.PostAsync(
            $"/v1/environments/{EnvironmentId}/work/{work["id"]!.GetValue<string>()}/stop", ApiJson.Body("""{"force":false}"""));
        EnsureOk(response, "stop");
    }

    public async Task<string> CreateSessionAsync(HttpClient user, string? model = null, string? permissionMode = null)
    {
        var body = new JsonObject
        {
            ["title"] = "on env",
            ["environment_id"] = EnvironmentId,
            ["source"] = "remote-control",
            ["permission_mode"] = permissionMode,
            ["session_context"] = new JsonObject { ["sources"] = new JsonArray(), ["outcomes"] = new JsonArray(), ["model"] = model },
        };
        return (await user.PostJsonAsync("/v1/sessions", body.ToJsonString()))["id"]!.GetValue<string>();
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static void EnsureOk(HttpResponseMessage response, string call)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{call} answered {(int)response.StatusCode}");
        }
    }
}
