using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.CodeSessions;
using Tether.Server.Events;
using Tether.Server.Http;

namespace Tether.Server.CodeSessions;

/// <summary>
/// The worker's writes (remote-protocol §5): client-visible events into the session log, its internal transcript,
/// and delivery reports for the client events it read.
/// </summary>
internal static class WorkerEventEndpoints
{
    private const int MaxDeliveryUpdates = 64;
    private const int DefaultInternalPage = 100;
    private const int MaxInternalPage = 1000;

    public static RouteGroupBuilder MapWorkerEventEndpoints(this RouteGroupBuilder worker)
    {
        worker.MapPost("/events", PostEventsAsync);
        worker.MapPost("/events/delivery", PostDeliveryAsync);
        worker.MapPost("/internal-events", PostInternalAsync);
        worker.MapGet("/internal-events", ListInternalAsync);
        return worker;
    }

    private static async Task<IResult> PostEventsAsync(
        HttpContext context, EventValidator validator, EventLog log, DeliveryStore deliveries, ServerOptions options, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxWorkerEventsBytes;
        }

        var (body, uploaded, worker, error) = await ReadEventsAsync(context, options.MaxWorkerEventsPerRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (ValidateDeliveries(body.DeliveryUpdates) is { } deliveryError)
        {
            return deliveryError;
        }

        var validation = validator.Validate([.. uploaded.Select(e => e.Payload)], EventSource.Worker);
        if (validation.Error is not null)
        {
            return validation.Status == 413 ? ApiErrors.TooLarge(validation.Error) : ApiErrors.BadRequest(validation.Error);
        }

        // The validator drops keep_alive payloads and nothing else, so the remaining uploads line up with its output.
        var uploads = uploaded.Where(e => !IsKeepAlive(e.Payload)).ToList();
        var events = new List<IncomingEvent>(uploads.Count);
        var ephemeral = 0;
        for (var i = 0; i < uploads.Count; i++)
        {
            var incoming = validation.Events![i];
            if (uploads[i].Ephemeral == true && !incoming.Ephemeral)
            {
                incoming = incoming with { Ephemeral = true };
            }

            ephemeral += incoming.Ephemeral ? 1 : 0;
            events.Add(incoming);
        }

        var actor = $"worker:{worker.Row.WorkerEpoch}";
        // The epoch is checked again inside the writer's transaction, so a registration racing this upload fences it.
        var result = await log.AppendAsync(
            new AppendRequest(worker.Claims.SessionId, worker.Claims.OrgId, EventSource.Worker, events, actor) { WorkerEpoch = worker.Row.WorkerEpoch },
            cancellationToken);
        switch (result.Status)
        {
            case AppendStatus.SessionArchived:
                return WorkerErrors.NotActive();
            case AppendStatus.WorkerSuperseded:
                return WorkerErrors.Superseded(worker.Row.WorkerEpoch);
            case not AppendStatus.Ok:
                return AppendResults.ToHttp(result);
        }

        bool? applied = null;
        if (body.DeliveryUpdates is { Count: > 0 } updates)
        {
            await deliveries.RecordAsync(worker.Claims.SessionId, updates, cancellationToken);
            applied = true;
        }

        return TypedResults.Json(
            new WorkerEventsAccepted
            {
                Accepted = result.Accepted,
                Duplicates = result.Duplicates,
                Ephemeral = ephemeral,
                LastSequenceNum = result.LastSeq,
                DeliveryUpdatesApplied = applied,
            },
            CodeSessionJsonContext.Default.WorkerEventsAccepted);
    }

    // Both event uploads share their envelope: a JSON body for the caller's current epoch with at most maxEvents events.
    private static async Task<(WorkerEventsRequest Body, IReadOnlyList<WorkerEvent> Events, WorkerContext Worker, IResult? Error)> ReadEventsAsync(
        HttpContext context, int maxEvents, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.WorkerEventsRequest, cancellationToken);
        var worker = context.Worker();
        if (error is not null)
        {
            return (null!, [], worker, error);
        }

        if (WorkerErrors.CheckEpoch(body!.WorkerEpoch, worker) is { } epochError)
        {
            return (body, [], worker, epochError);
        }

        if (body.Events is null)
        {
            return (body, [], worker, ApiErrors.BadRequest("Body must be {\"worker_epoch\":N,\"events\":[{\"payload\":{…}}]}."));
        }

        return body.Events.Count > maxEvents
            ? (body, [], worker, ApiErrors.TooLarge($"Too many events in one request: {body.Events.Count} (at most {maxEvents})."))
            : (body, body.Events, worker, null);
    }

    private static async Task<IResult> PostDeliveryAsync(HttpContext context, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.DeliveryRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var worker = context.Worker();
        if (WorkerErrors.CheckEpoch(body!.WorkerEpoch, worker) is { } epochError)
        {
            return epochError;
        }

        if (body.Updates is null)
        {
            return ApiErrors.BadRequest("Body must be {\"worker_epoch\":N,\"updates\":[{\"event_id\":…,\"status\":…}]}.");
        }

        if (ValidateDeliveries(body.Updates) is { } deliveryError)
        {
            return deliveryError;
        }

        await deliveries.RecordAsync(worker.Claims.SessionId, body.Updates, cancellationToken);
        return TypedResults.Json(new DeliveryAccepted { Updated = body.Updates.Count }, CodeSessionJsonContext.Default.DeliveryAccepted);
    }

    private static async Task<IResult> PostInternalAsync(
        HttpContext context, InternalEventStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        var (body, events, worker, error) = await ReadEventsAsync(context, options.MaxEventsPerRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var checkedEvents = new List<(WorkerEvent, string, string?)>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            var payload = item.Payload;
            if (payload.ValueKind != JsonValueKind.Object
                || !payload.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 and <= 64 } typeName)
            {
                return ApiErrors.BadRequest($"events[{i}].payload must be an object with a string type.");
            }

            string? uuid = null;
            if (payload.TryGetProperty("uuid", out var uuidElement) && uuidElement.ValueKind != JsonValueKind.Null)
            {
                if (uuidElement.ValueKind != JsonValueKind.String || uuidElement.GetString() is not { Length: > 0 and <= 128 } u)
                {
                    return ApiErrors.BadRequest($"events[{i}].payload.uuid must be a string of 1 to 128 characters.");
                }

                uuid = u;
            }

            if (item.AgentId is { Length: > 128 })
            {
                return ApiErrors.BadRequest($"events[{i}].agent_id is longer than 128 characters.");
            }

            if (Encoding.UTF8.GetByteCount(payload.GetRawText()) > options.MaxEventBytes)
            {
                return ApiErrors.TooLarge($"events[{i}].payload is larger than {options.MaxEventBytes} bytes.");
            }

            checkedEvents.Add((item, typeName, uuid));
        }

        var results = await store.AppendAsync(worker.Claims.SessionId, checkedEvents, cancellationToken);
        return TypedResults.Json(new InternalEventsAccepted { Results = results }, CodeSessionJsonContext.Default.InternalEventsAccepted);
    }

    private static async Task<IResult> ListInternalAsync(HttpContext context, InternalEventStore store, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        long after = 0;
        if (query["cursor"].ToString() is { Length: > 0 } cursor && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return ApiErrors.BadRequest("cursor must come from a previous page's next_cursor.");
        }

        var limit = DefaultInternalPage;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxInternalPage))
        {
            return ApiErrors.BadRequest($"limit must be a whole number from 1 to {MaxInternalPage}.");
        }

        var agent = query["session_agent_id"].ToString() is { Length: > 0 } named ? named : query["agent_id"].ToString() is { Length: > 0 } other ? other : null;
        var page = await store.PageAsync(context.Worker().Claims.SessionId, after, limit, query["subagents"] == "true", agent, cancellationToken);
        return TypedResults.Json(page, CodeSessionJsonContext.Default.InternalEventsPage);
    }

    private static IResult? ValidateDeliveries(IReadOnlyList<DeliveryUpdate>? updates)
    {
        if (updates is null)
        {
            return null;
        }

        if (updates.Count > MaxDeliveryUpdates)
        {
            return ApiErrors.TooLarge($"Too many delivery updates in one request: {updates.Count} (at most {MaxDeliveryUpdates}).");
        }

        for (var i = 0; i < updates.Count; i++)
        {
            if (updates[i].EventId is not { Length: > 0 and <= 128 })
            {
                return ApiErrors.BadRequest($"updates[{i}].event_id must be a string of 1 to 128 characters.");
            }

            if (!DeliveryStatuses.IsKnown(updates[i].Status))
            {
                return ApiErrors.BadRequest($"updates[{i}].status must be received, processing or processed.");
            }
        }

        return null;
    }

    private static bool IsKeepAlive(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String && type.GetString() == "keep_alive";
}
