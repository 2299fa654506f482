using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>A code session with a registered v2 worker, as tests drive it: the cse_ id, the worker's JWT and epoch.</summary>
internal sealed class V2Worker : IDisposable
{
    private V2Worker(LoopbackServer server, string sessionId, string jwt, long epoch, long expiresIn)
    {
        SessionId = sessionId;
        ExpiresIn = expiresIn;
        Jwt = jwt;
        Epoch = epoch;
        Client = server.CreateClient(token: null);
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
    }

    public string SessionId { get; }

    /// <summary>The Sessions API spelling of <see cref="SessionId"/>.</summary>
    public string CompatId => "session_" + SessionId["cse_".Length..];

    public string Jwt { get; }

    public long Epoch { get; }

    /// <summary>The JWT lifetime the server announced, in seconds.</summary>
    public long ExpiresIn { get; }

    /// <summary>Sends the worker JWT.</summary>
    public HttpClient Client { get; }

    public string Path(string rest = "") => $"/v1/code/sessions/{SessionId}/worker{rest}";

    /// <summary>Creates a code session with <paramref name="owner"/> and registers a worker for it.</summary>
    public static async Task<V2Worker> StartAsync(LoopbackServer server, HttpClient owner, string title = "v2 test")
    {
        var created = await owner.PostJsonAsync("/v1/code/sessions", $$$"""{"title":"{{{title}}}","bridge":{},"config":{"cwd":"/work","model":"m"}}""");
        return await RegisterAsync(server, owner, created["session"]!["id"]!.GetValue<string>());
    }

    /// <summary>A new registration (<c>/bridge</c>) for an existing session: a new epoch and JWT.</summary>
    public static async Task<V2Worker> RegisterAsync(LoopbackServer server, HttpClient owner, string sessionId, string body = "{}")
    {
        var credentials = await owner.PostJsonAsync($"/v1/code/sessions/{sessionId}/bridge", body);
        return new V2Worker(
            server, sessionId, credentials["worker_jwt"]!.GetValue<string>(), credentials["worker_epoch"]!.GetValue<long>(),
            credentials["expires_in"]!.GetValue<long>());
    }

    public Task<HttpResponseMessage> PutStateAsync(string json) => Client.PutAsync(Path(), ApiJson.Body(json));

    public Task<HttpResponseMessage> PostEventsAsync(params string[] payloads) =>
        Client.PostAsync(Path("/events"), ApiJson.Body($$"""{"worker_epoch":{{Epoch}},"events":[{{string.Join(',', payloads.Select(p => $$"""{"payload":{{p}}}"""))}}]}"""));

    public Task<HttpResponseMessage> ReportAsync(string eventId, string status) =>
        Client.PostAsync(Path("/events/delivery"), ApiJson.Body($$"""{"worker_epoch":{{Epoch}},"updates":[{"event_id":"{{eventId}}","status":"{{status}}"}]}"""));

    public async Task<JsonNode> StateAsync() => (await Client.GetNodeAsync(Path()))["worker"]!;

    public void Dispose() => Client.Dispose();
}
