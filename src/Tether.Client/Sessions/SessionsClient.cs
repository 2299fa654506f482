using System.Globalization;
using System.Text.Json;
using Tether.Client.Http;
using Tether.Protocol.Json;
using Tether.Protocol.Sessions;

namespace Tether.Client.Sessions;

/// <summary>The Sessions API: create, list, get, rename, archive, post events, page the log.</summary>
public sealed class SessionsClient(ApiTransport transport, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan[] s_listRetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)];
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Creates a session.</summary>
    public Task<ApiResult<SessionResource>> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Post, "/v1/sessions", JsonSerializer.Serialize(request, TetherJsonContext.Default.CreateSessionRequest),
            TetherJsonContext.Default.SessionResource, cancellationToken);

    /// <summary>Lists sessions newest first, retrying network failures and 5xx after 2, 4, 8 and 16 s (never 4xx).</summary>
    public async Task<ApiResult<Page<SessionResource>>> ListAsync(int limit, string? afterId, bool includeArchived, CancellationToken cancellationToken)
    {
        var path = $"/v1/sessions?limit={limit.ToString(CultureInfo.InvariantCulture)}"
            + (afterId is null ? "" : $"&after_id={Uri.EscapeDataString(afterId)}")
            + (includeArchived ? "&include_archived=true" : "");
        var attempt = 0;
        while (true)
        {
            var result = await transport.SendAsync(HttpMethod.Get, path, null, TetherJsonContext.Default.PageSessionResource, cancellationToken);
            if (result.Ok || !result.Error.IsTransient || attempt == s_listRetryDelays.Length)
            {
                return result;
            }

            await Task.Delay(s_listRetryDelays[attempt++], _time, cancellationToken);
        }
    }

    /// <summary>Gets one session (<c>session_…</c> or <c>cse_…</c>).</summary>
    public Task<ApiResult<SessionResource>> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Get, $"/v1/sessions/{Escape(sessionId)}", null, TetherJsonContext.Default.SessionResource, cancellationToken);

    /// <summary>Renames a session.</summary>
    public Task<ApiResult<SessionResource>> RenameAsync(string sessionId, string title, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Patch, $"/v1/sessions/{Escape(sessionId)}",
            JsonSerializer.Serialize(new UpdateSessionRequest { Title = title }, TetherJsonContext.Default.UpdateSessionRequest),
            TetherJsonContext.Default.SessionResource, cancellationToken);

    /// <summary>Archives a session; a 409 (already archived) is returned as an error the caller may ignore.</summary>
    public Task<ApiResult<SessionResource>> ArchiveAsync(string sessionId, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Post, $"/v1/sessions/{Escape(sessionId)}/archive", "{}", TetherJsonContext.Default.SessionResource, cancellationToken);

    /// <summary>Posts client events (prompts, permission answers, control requests), each a JSON object.</summary>
    public Task<ApiResult<EventsAccepted>> PostEventsAsync(string sessionId, IReadOnlyList<JsonElement> events, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Post, $"/v1/sessions/{Escape(sessionId)}/events",
            JsonSerializer.Serialize(new EventsRequest { Events = events }, TetherJsonContext.Default.EventsRequest),
            TetherJsonContext.Default.EventsAccepted, cancellationToken);

    /// <summary>One page of stored events after <paramref name="afterId"/> (each the SDK message plus event_id and sequence_num).</summary>
    public Task<ApiResult<Page<JsonElement>>> ListEventsAsync(string sessionId, string? afterId, int limit, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Get,
            $"/v1/sessions/{Escape(sessionId)}/events?limit={limit.ToString(CultureInfo.InvariantCulture)}" + (afterId is null ? "" : $"&after_id={Uri.EscapeDataString(afterId)}"),
            null, TetherJsonContext.Default.PageJsonElement, cancellationToken);

    /// <summary>One page of the transcript for teleport; follow <see cref="TeleportEventsPage.NextCursor"/>.</summary>
    public Task<ApiResult<TeleportEventsPage>> TeleportEventsAsync(string sessionId, string? cursor, CancellationToken cancellationToken) =>
        transport.SendAsync(HttpMethod.Get,
            $"/v1/code/sessions/{Escape(sessionId)}/teleport-events?limit=1000" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"),
            null, TetherJsonContext.Default.TeleportEventsPage, cancellationToken);

    private static string Escape(string id) => Uri.EscapeDataString(id);
}
