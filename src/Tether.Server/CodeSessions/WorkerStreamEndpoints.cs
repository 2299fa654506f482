using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Server.Endpoints;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Streaming;

namespace Tether.Server.CodeSessions;

/// <summary>
/// <c>GET …/worker/events/stream</c>: the worker's read stream of client events as SSE (remote-protocol §5.2), resumed
/// from <c>from_sequence_num</c> or <c>Last-Event-ID</c>. The stream ends when the worker JWT expires or a newer worker
/// registers; the worker's reconnect then gets 401 or 409.
/// </summary>
internal static class WorkerStreamEndpoints
{
    public static RouteGroupBuilder MapWorkerStreamEndpoints(this RouteGroupBuilder worker)
    {
        worker.MapGet("/events/stream", StreamAsync);
        return worker;
    }

    private static async Task<IResult> StreamAsync(
        HttpContext context, WorkerEventStream events, WorkerStreamRegistry streams, ServerOptions options, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (!SubscribeEndpoints.TryResumePoint(context.Request, out var fromSeq))
        {
            return ApiErrors.BadRequest("from_sequence_num and Last-Event-ID must be whole numbers ≥ 0.");
        }

        var worker = context.Worker();
        var superseded = streams.Track(worker.Claims.SessionId, worker.Row.WorkerEpoch);
        var remaining = worker.Claims.ExpiresAt - timeProvider.GetUtcNow();
        using var expiry = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, timeProvider);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, superseded, expiry.Token);
        try
        {
            await SseWriter.WriteAsync(
                context.Response, events.ReadAsync(worker.Claims.SessionId, fromSeq, ended.Token), options.SseKeepAliveInterval, timeProvider,
                ClientEventFrames.EventName, ended.Token, ClientEventFrames.Data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Expired or superseded: end the response; the reconnect learns why.
        }
        catch (Exception ex) when (ex is SubscriberLaggedException or SubscriptionClosedException)
        {
            // Too slow or cut off: the worker reconnects with Last-Event-ID and resumes.
        }

        return TypedResults.Empty;
    }
}
