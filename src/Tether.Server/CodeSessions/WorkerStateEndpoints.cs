using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tether.Protocol.CodeSessions;
using Tether.Protocol.Ids;
using Tether.Protocol.Sessions;
using Tether.Server.Events;
using Tether.Server.Http;

namespace Tether.Server.CodeSessions;

/// <summary>
/// The worker's registration and state (remote-protocol §5): <c>GET/PUT …/worker</c>, <c>POST …/worker/register</c>
/// (env-based v2: bumps the epoch) and <c>POST …/worker/heartbeat</c>.
/// </summary>
internal static class WorkerStateEndpoints
{
    public static RouteGroupBuilder MapWorkerStateEndpoints(this RouteGroupBuilder worker)
    {
        worker.MapGet("", GetAsync);
        worker.MapPut("", PutAsync);
        worker.MapPost("/register", RegisterAsync);
        worker.MapPost("/heartbeat", HeartbeatAsync);
        return worker;
    }

    private static IResult GetAsync(HttpContext context, ServerOptions options, TimeProvider timeProvider) =>
        Answer(context.Worker().Row, options, timeProvider);

    private static async Task<IResult> PutAsync(
        HttpContext context, WorkerStateStore store, SessionBroadcaster broadcaster, ServerOptions options, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.WorkerStateUpdate, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var worker = context.Worker();
        if (!WorkerErrors.TryReadEpoch(body!.WorkerEpoch, out var epoch, out var epochError))
        {
            return epochError!;
        }

        string? status = null;
        if (body.WorkerStatus.ValueKind != JsonValueKind.Undefined)
        {
            status = body.WorkerStatus.ValueKind == JsonValueKind.String ? body.WorkerStatus.GetString() : null;
            if (status is not (SessionStatuses.Idle or SessionStatuses.Running or SessionStatuses.RequiresAction))
            {
                return ApiErrors.BadRequest("worker_status must be idle, running or requires_action.");
            }
        }

        if (body.RequiresActionDetails.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            return ApiErrors.BadRequest("requires_action_details must be an object or null.");
        }

        var disconnected = body.ConnectionStatus.ValueKind == JsonValueKind.String && body.ConnectionStatus.GetString() == "disconnected";
        var update = new WorkerUpdate(epoch, status, body.RequiresActionDetails, body.ExternalMetadata, body.InternalMetadata, disconnected);
        var (change, outcome, message) = await store.UpdateAsync(worker.Claims.SessionId, update, cancellationToken);
        switch (outcome)
        {
            case WorkerWriteStatus.NotFound:
                return ApiErrors.NotFound(message!);
            case WorkerWriteStatus.Archived:
                return WorkerErrors.NotActive();
            case WorkerWriteStatus.EpochMismatch:
                return WorkerErrors.Superseded(epoch);
            case WorkerWriteStatus.Invalid:
                return ApiErrors.BadRequest(message!);
        }

        if (change!.StatusAfter != change.StatusBefore)
        {
            broadcaster.PublishStatus(worker.Claims.SessionId, change.StatusAfter);
        }

        return Answer(change.Row, options, timeProvider);
    }

    private static async Task<IResult> RegisterAsync(
        HttpContext context, WorkerStateStore store, WorkerStreamRegistry streams, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var worker = context.Worker();
        var (row, status) = await store.RegisterAsync(worker.Claims.OrgId, worker.Claims.SessionId, null, cancellationToken);
        if (status != WorkerWriteStatus.Ok)
        {
            return status == WorkerWriteStatus.NotFound ? ApiErrors.NotFound("Session not found.") : WorkerErrors.NotActive();
        }

        streams.Supersede(row!.SessionId, row.WorkerEpoch);
        CodeSessionLog.WorkerRegistered(loggers.CreateLogger(CodeSessionLog.Category), SessionIds.ToInfra(row.SessionId), row.WorkerEpoch, "register");
        return TypedResults.Json(new WorkerEpochResponse { WorkerEpoch = row.WorkerEpoch }, CodeSessionJsonContext.Default.WorkerEpochResponse);
    }

    private static async Task<IResult> HeartbeatAsync(
        HttpContext context, WorkerStateStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.HeartbeatRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var worker = context.Worker();
        if (body!.SessionId is { Length: > 0 } named && !SessionIds.Same(named, SessionIds.ToInfra(worker.Claims.SessionId)))
        {
            return ApiErrors.BadRequest("session_id does not match the session in the URL.");
        }

        if (WorkerErrors.CheckEpoch(body.WorkerEpoch, worker) is { } epochError)
        {
            return epochError;
        }

        if (await store.HeartbeatAsync(worker.Claims.SessionId, worker.Row.WorkerEpoch, cancellationToken) is not { } at)
        {
            // The epoch moved (or the session was archived) between the check and the write.
            return WorkerErrors.Superseded(worker.Row.WorkerEpoch);
        }

        var interval = (int)options.WorkerHeartbeatInterval.TotalMilliseconds;
        return TypedResults.Json(
            new HeartbeatResponse
            {
                LastHeartbeat = at,
                TtlSeconds = (int)options.WorkerHeartbeatTtl.TotalSeconds,
                HeartbeatIntervalSeconds = Math.Max(1, interval / 1000),
                Policy = new HeartbeatPolicy { IntervalMs = interval },
            },
            CodeSessionJsonContext.Default.HeartbeatResponse);
    }

    private static IResult Answer(WorkerRow row, ServerOptions options, TimeProvider timeProvider) =>
        TypedResults.Json(
            new WorkerStateResponse
            {
                Worker = new WorkerState
                {
                    SessionId = SessionIds.ToInfra(row.SessionId),
                    WorkerEpoch = row.WorkerEpoch,
                    WorkerStatus = row.WorkerStatus,
                    RequiresActionDetails = row.RequiresActionDetails is { } details ? Parse(details) : null,
                    ExternalMetadata = Parse(row.ExternalMetadata ?? "{}"),
                    InternalMetadata = Parse(row.InternalMetadata ?? "{}"),
                    LastHeartbeatAt = row.LastHeartbeatAt,
                    WorkerOnline = row.LastHeartbeatAt is { } last && timeProvider.GetUtcNow() - last < options.WorkerOfflineAfter,
                },
            },
            CodeSessionJsonContext.Default.WorkerStateResponse);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
