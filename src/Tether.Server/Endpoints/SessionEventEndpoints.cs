using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Json;
using Tether.Protocol.Sessions;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Sessions;
using Tether.Server.Sharing;

namespace Tether.Server.Endpoints;

/// <summary>Posting client events and paging the stored log (Sessions API and teleport).</summary>
internal static class SessionEventEndpoints
{
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapSessionEventEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/sessions/{id}/events", PostAsync).RequireCaller(Scopes.Write);
        routes.MapGet("/v1/sessions/{id}/events", ListAsync).RequireCaller(Scopes.Read);
        routes.MapGet("/v1/code/sessions/{id}/teleport-events", TeleportAsync).RequireCaller(Scopes.Read);
        return routes;
    }

    private static async Task<IResult> PostAsync(
        string id, HttpContext context, SessionGate gate, EventValidator validator, EventLog log, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var (session, role, error) = await gate.OpenAsync(id, caller, SessionRole.Viewer, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (request, bodyError) = await JsonBody.ReadAsync(context.Request, TetherJsonContext.Default.EventsRequest, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var validation = validator.Validate(request!.Events, EventSource.Client);
        if (validation.Error is not null)
        {
            return validation.Status == 413 ? ApiErrors.TooLarge(validation.Error) : ApiErrors.BadRequest(validation.Error);
        }

        var needed = SessionAccess.Required(validation.Events!);
        if (role < needed)
        {
            return ApiErrors.Forbidden(SessionGate.Refusal(role, needed));
        }

        var result = await log.AppendAsync(new AppendRequest(session!.Id, caller.OrgId, EventSource.Client, validation.Events!, caller.UserId), cancellationToken);
        return AppendResults.ToHttp(result);
    }

    private static async Task<IResult> ListAsync(
        string id, HttpContext context, SessionGate gate, EventReader reader, CancellationToken cancellationToken)
    {
        var (session, error) = await FindAsync(id, context, gate, cancellationToken);
        if (session is null)
        {
            return error!;
        }

        if (!TryLimit(context, 100, out var limit, out error))
        {
            return error!;
        }

        long after = 0;
        if (context.Request.Query.TryGetValue("after_id", out var afterId) && afterId.ToString() is { Length: > 0 } cursor)
        {
            if (await reader.FindSeqAsync(session.Id, cursor, cancellationToken) is not { } seq)
            {
                return ApiErrors.BadRequest("after_id is not an event of this session.");
            }

            after = seq;
        }

        var events = await reader.ReadAsync(session.Id, after, limit + 1, cancellationToken);
        var hasMore = events.Count > limit;
        var page = hasMore ? events.Take(limit).ToList() : events;
        return new RawJsonResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            foreach (var stored in page)
            {
                writer.WriteRawValue(stored.WireUtf8, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("has_more", hasMore);
            WriteNullable(writer, "first_id", page.Count > 0 ? page[0].EventId : null);
            WriteNullable(writer, "last_id", page.Count > 0 ? page[^1].EventId : null);
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> TeleportAsync(
        string id, HttpContext context, SessionGate gate, EventReader reader, CancellationToken cancellationToken)
    {
        var (session, error) = await FindAsync(id, context, gate, cancellationToken);
        if (session is null)
        {
            return error!;
        }

        if (!TryLimit(context, MaxPageSize, out var limit, out error))
        {
            return error!;
        }

        long after = 0;
        if (context.Request.Query.TryGetValue("cursor", out var cursor) && cursor.ToString() is { Length: > 0 } value
            && !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return ApiErrors.BadRequest("cursor must come from a previous page's next_cursor.");
        }

        var events = await reader.ReadAsync(session.Id, after, limit + 1, cancellationToken);
        var hasMore = events.Count > limit;
        var page = hasMore ? events.Take(limit).ToList() : events;
        var data = new List<TeleportEvent>(page.Count);
        foreach (var stored in page)
        {
            using var payload = JsonDocument.Parse(stored.PayloadJson);
            data.Add(new TeleportEvent
            {
                EventId = stored.EventId,
                SequenceNum = stored.Seq,
                Source = EventSourceNames.Of(stored.Source),
                EventType = stored.Type,
                IsCompaction = stored.Type == "system" && payload.RootElement.TryGetProperty("subtype", out var subtype)
                    && subtype.ValueKind == JsonValueKind.String && subtype.GetString() == "compact_boundary",
                Payload = payload.RootElement.Clone(),
                CreatedAt = stored.CreatedAt,
            });
        }

        return TypedResults.Json(
            new TeleportEventsPage { Data = data, NextCursor = hasMore ? page[^1].Seq.ToString(CultureInfo.InvariantCulture) : null },
            TetherJsonContext.Default.TeleportEventsPage);
    }

    private static async Task<(SessionRecord? Session, IResult? Error)> FindAsync(
        string id, HttpContext context, SessionGate gate, CancellationToken cancellationToken)
    {
        var (session, _, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Viewer, cancellationToken);
        return (session, error);
    }

    private static bool TryLimit(HttpContext context, int max, out int limit, out IResult? error)
    {
        error = null;
        limit = max;
        if (context.Request.Query.TryGetValue("limit", out var value)
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max))
        {
            error = ApiErrors.BadRequest($"limit must be a whole number from 1 to {max}.");
            return false;
        }

        return true;
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
