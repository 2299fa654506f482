using System.Globalization;
using System.Text;
using System.Text.Json;
using Tether.Client.Http;
using Tether.Protocol.Json;

namespace Tether.Client.CodeSessions;

/// <summary>The user-token side of the env-less path: create a code session and register a worker for it (<c>/bridge</c>).</summary>
public sealed class CodeSessionsApi(ApiTransport transport)
{
    /// <summary><c>POST /v1/code/sessions</c> with <c>bridge:{}</c>; returns the <c>cse_…</c> id.</summary>
    public async Task<ApiResult<string>> CreateAsync(string? title, IReadOnlyList<string> tags, JsonElement config, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (title is not null)
            {
                w.WriteString("title", title);
            }

            w.WriteStartObject("bridge");
            w.WriteEndObject();
            w.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            if (config.ValueKind == JsonValueKind.Object)
            {
                w.WritePropertyName("config");
                config.WriteTo(w);
            }

            w.WriteEndObject();
        }

        var result = await transport.SendAsync(HttpMethod.Post, "/v1/code/sessions", Encoding.UTF8.GetString(buffer.ToArray()),
            TetherJsonContext.Default.JsonElement, cancellationToken);
        if (!result.Ok)
        {
            return ApiResult<string>.Failure(result.Error);
        }

        return result.Value.TryGetProperty("session", out var session) && session.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } cse
            ? ApiResult<string>.Success(cse)
            : ApiResult<string>.Failure(new ApiError(200, "invalid_response", "The answer has no session.id."));
    }

    /// <summary><c>POST /v1/code/sessions/{id}/bridge</c>: a new worker registration (it bumps the epoch).</summary>
    public async Task<ApiResult<WorkerCredentials>> BridgeAsync(string sessionId, CancellationToken cancellationToken)
    {
        var result = await transport.SendAsync(HttpMethod.Post, $"/v1/code/sessions/{Uri.EscapeDataString(sessionId)}/bridge", "{}",
            TetherJsonContext.Default.JsonElement, cancellationToken);
        if (!result.Ok)
        {
            return ApiResult<WorkerCredentials>.Failure(result.Error);
        }

        var body = result.Value;
        if (String(body, "worker_jwt") is not { } jwt || Number(body, "worker_epoch") is not { } epoch || Number(body, "expires_in") is not { } expiresIn)
        {
            return ApiResult<WorkerCredentials>.Failure(new ApiError(200, "invalid_response", "The /bridge answer lacks worker_jwt, worker_epoch or expires_in."));
        }

        var apiBase = String(body, "api_base_url") is { } given && Uri.TryCreate(given, UriKind.Absolute, out var parsed) ? parsed : transport.BaseUrl;
        return ApiResult<WorkerCredentials>.Success(new WorkerCredentials(jwt, apiBase, expiresIn, epoch));
    }

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number, or a numeric string (the reference accepts both for the epoch).</summary>
    private static long? Number(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
        : null;
}
