using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Bench.Hosting;
using Tether.Protocol.Environments;

namespace Tether.Bench.Load;

/// <summary>
/// The real v1 wire, as a bridge and a user speak it: register an environment, create a session on it, long-poll the
/// work, decode its secret, ack it, and post worker events through session ingress with the session's ingress token.
/// </summary>
internal sealed class TetherApi(BenchServer server) : IDisposable
{
    private readonly HttpClient _http = CreateClient(server.BaseAddress);

    public BenchServer Server => server;

    public HttpClient Http => _http;

    public static HttpClient CreateClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<(string EnvironmentId, string Secret)> RegisterEnvironmentAsync(int maxSessions, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["machine_name"] = "bench",
            ["directory"] = "/bench/repo",
            ["branch"] = "main",
            ["git_repo_url"] = "https://example.com/bench/repo",
            ["max_sessions"] = maxSessions,
            ["metadata"] = new JsonObject { ["worker_type"] = "claude_code" },
        };
        var node = await SendAsync(HttpMethod.Post, "/v1/environments/bridge", ServerSpec.OwnerToken, body.ToJsonString(), cancellationToken);
        return (node!["environment_id"]!.GetValue<string>(), node["environment_secret"]!.GetValue<string>());
    }

    /// <summary>Creates a session (on an environment, when given) as the owner; returns its id.</summary>
    public async Task<string> CreateSessionAsync(string? environmentId, CancellationToken cancellationToken, HttpClient? via = null)
    {
        var body = new JsonObject { ["title"] = "bench", ["source"] = "remote-control" };
        if (environmentId is not null)
        {
            body["environment_id"] = environmentId;
        }

        var node = await SendAsync(HttpMethod.Post, "/v1/sessions", ServerSpec.OwnerToken, body.ToJsonString(), cancellationToken, via);
        return node!["id"]!.GetValue<string>();
    }

    /// <summary>One long poll; null when the hold ended with no work.</summary>
    public async Task<JsonNode?> PollAsync(string environmentId, string secret, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, $"/v1/environments/{environmentId}/work/poll", secret, null, cancellationToken);

    public static string IngressToken(JsonNode work)
    {
        if (!WorkSecretCodec.TryDecode(work["secret"]!.GetValue<string>(), out var secret, out var error))
        {
            throw new InvalidOperationException("bad work secret: " + error);
        }

        return secret.SessionIngressToken;
    }

    public async Task AckAsync(string environmentId, JsonNode work, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, $"/v1/environments/{environmentId}/work/{work["id"]!.GetValue<string>()}/ack", IngressToken(work), "{}", cancellationToken);

    public async Task StopAsync(string environmentId, JsonNode work, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, $"/v1/environments/{environmentId}/work/{work["id"]!.GetValue<string>()}/stop", ServerSpec.OwnerToken, """{"force":false}""", cancellationToken);

    /// <summary>Creates a session on the environment, receives it through the poll and acks it, as a bridge would.</summary>
    public async Task<WorkerSession> StartWorkerSessionAsync(string environmentId, string secret, CancellationToken cancellationToken)
    {
        var sessionId = await CreateSessionAsync(environmentId, cancellationToken);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var work = await PollAsync(environmentId, secret, cancellationToken);
            if (work is null)
            {
                continue;
            }

            await AckAsync(environmentId, work, cancellationToken);
            var dispatched = work["data"]!["id"]!.GetValue<string>();
            return new WorkerSession(dispatched, IngressToken(work));
        }

        throw new InvalidOperationException($"session {sessionId} was never dispatched to {environmentId}");
    }

    /// <summary>
    /// A v2 code session: <c>POST /v1/code/sessions</c>, then <c>/bridge</c> for the worker JWT and epoch (the worker's
    /// registration), as the Agent SDK's bridge client does.
    /// </summary>
    public async Task<WorkerSession> StartCodeSessionAsync(CancellationToken cancellationToken)
    {
        var created = await SendAsync(HttpMethod.Post, "/v1/code/sessions", ServerSpec.OwnerToken, """{"title":"bench","bridge":{}}""", cancellationToken);
        var id = created!["session"]!["id"]!.GetValue<string>();
        var compat = created["session"]!["compat_id"]?.GetValue<string>();
        var bridge = await SendAsync(HttpMethod.Post, $"/v1/code/sessions/{id}/bridge", ServerSpec.OwnerToken, "{}", cancellationToken);
        return new WorkerSession(id, bridge!["worker_jwt"]!.GetValue<string>(), bridge["worker_epoch"]!.GetValue<long>(), compat);
    }

    /// <summary>Starts a worker session on the given wire: v1 through the environment's work queue, v2 as a code session.</summary>
    public Task<WorkerSession> StartSessionAsync(string wire, string environmentId, string secret, CancellationToken cancellationToken) =>
        wire == "v2" ? StartCodeSessionAsync(cancellationToken) : StartWorkerSessionAsync(environmentId, secret, cancellationToken);

    /// <summary>Posts worker events (one POST, as the bridge's uploader sends a batch): v1 session ingress or v2 worker events.</summary>
    public async Task PostEventsAsync(WorkerSession session, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, session.EventsPath)
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.IngressToken);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from ingress: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string token, string? json, CancellationToken cancellationToken, HttpClient? via = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await (via ?? _http).SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {method} {path}: {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
