using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Environments.Wire;
using Tether.Server.Http;

namespace Tether.Server.Environments;

/// <summary>
/// Work dispatch (remote-protocol §3.1–3.2): the long poll (environment secret), ack and heartbeat (the work's session
/// ingress token) and stop (the user's API token).
/// </summary>
internal static class WorkEndpoints
{
    public static IEndpointRouteBuilder MapWorkEndpoints(this IEndpointRouteBuilder routes)
    {
        // A parked poll is held for seconds by every bridge. As a plain request delegate with its singletons taken from
        // the root provider, it keeps no request service scope and no result-executing frame alive while it waits.
        var services = routes.ServiceProvider;
        routes.MapGet("/v1/environments/{environmentId}/work/poll", (RequestDelegate)(context => PollAsync(context, services)))
            .WithMetadata(EndsOnShutdownItself.Instance);
        routes.MapPost("/v1/environments/{environmentId}/work/{workId}/ack", AckAsync);
        routes.MapPost("/v1/environments/{environmentId}/work/{workId}/heartbeat", HeartbeatAsync);
        routes.MapPost("/v1/environments/{environmentId}/work/{workId}/stop", StopAsync).RequireCaller(Scopes.RemoteControl);
        return routes;
    }

    private static Task PollAsync(HttpContext context, IServiceProvider services)
    {
        var environmentId = (string)context.Request.RouteValues["environmentId"]!;
        if (!PathSafeId.IsValid(environmentId))
        {
            return ApiErrors.BadRequest("Environment id must match ^[A-Za-z0-9_-]+$.").ExecuteAsync(context);
        }

        if (BearerToken.From(context.Request) is not { } secret || !secret.StartsWith(TokenPrefixes.EnvironmentSecret, StringComparison.Ordinal))
        {
            return ApiErrors.Unauthorized("Polling needs the environment_secret from registration as `Authorization: Bearer`.").ExecuteAsync(context);
        }

        var reclaimAfter = services.GetRequiredService<EnvironmentOptions>().DefaultReclaimAfter;
        // QueryString first: reading Query without one would still allocate a query feature the poll keeps while parked.
        if (context.Request.QueryString.HasValue && context.Request.Query.TryGetValue("reclaim_older_than_ms", out var reclaimValue))
        {
            if (!long.TryParse(reclaimValue, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms < 1)
            {
                return ApiErrors.BadRequest("reclaim_older_than_ms must be a whole number ≥ 1.").ExecuteAsync(context);
            }

            reclaimAfter = TimeSpan.FromMilliseconds(ms);
        }

        return services.GetRequiredService<WorkPoller>().PollAsync(
            environmentId, TokenHasher.Hash(secret), reclaimAfter, (context, services), s_answerPoll, context.RequestAborted);
    }

    private static readonly Func<ClaimOutcome, (HttpContext Context, IServiceProvider Services), Task> s_answerPoll =
        static (outcome, request) => PollAnswer(outcome, request.Context, request.Services).ExecuteAsync(request.Context);

    private static IResult PollAnswer(ClaimOutcome outcome, HttpContext context, IServiceProvider services)
    {
        switch (outcome.Status)
        {
            case ClaimStatus.EnvironmentGone:
                return ApiErrors.NotFound("Environment not found (deregistered or expired); register again.");
            case ClaimStatus.BadSecret:
                return ApiErrors.Unauthorized("Invalid environment secret.");
            case ClaimStatus.NoWork:
                // The reference client reads "no work" as a 200 whose body is null.
                return TypedResults.Text("null", "application/json");
        }

        var claimed = outcome.Claimed!;
        var work = claimed.Work;
        var apiBaseUrl = services.GetRequiredService<ServerOptions>().PublicUrl?.TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}";
        return TypedResults.Json(
            new WorkResponse
            {
                Id = work.Id,
                EnvironmentId = work.EnvironmentId,
                State = work.State,
                Data = new WorkData { Type = work.Type, Id = work.SessionId is { } session ? SessionIds.ToCompat(session) : work.Id },
                Secret = WorkSecretCodec.Encode(claimed, apiBaseUrl),
                CreatedAt = work.CreatedAt,
            },
            EnvironmentsJsonContext.Default.WorkResponse);
    }

    private static async Task<IResult> AckAsync(
        string environmentId, string workId, HttpContext context, IngressAuthenticator authenticator, WorkStore work, CancellationToken cancellationToken)
    {
        var (_, failure) = await authenticator.AuthenticateWorkAsync(context, environmentId, workId, cancellationToken);
        if (failure is not null)
        {
            return failure.ToHttp();
        }

        return await work.AckAsync(environmentId, workId, cancellationToken) switch
        {
            WorkUpdateStatus.Ok => TypedResults.Json(EmptyObject.Instance, EnvironmentsJsonContext.Default.EmptyObject),
            WorkUpdateStatus.Stopped => ApiErrors.Gone("This work item was stopped."),
            WorkUpdateStatus.NotAcked => ApiErrors.Conflict("This work item is not claimed."),
            _ => ApiErrors.NotFound("Work item not found."),
        };
    }

    private static async Task<IResult> HeartbeatAsync(
        string environmentId, string workId, HttpContext context, IngressAuthenticator authenticator, WorkStore work, EnvironmentOptions options,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (_, failure) = await authenticator.AuthenticateWorkAsync(context, environmentId, workId, cancellationToken);
        if (failure is not null)
        {
            return failure.ToHttp();
        }

        var status = await work.HeartbeatAsync(environmentId, workId, cancellationToken);
        return status switch
        {
            WorkUpdateStatus.Ok or WorkUpdateStatus.NotAcked => TypedResults.Json(
                new HeartbeatResponse
                {
                    LeaseExtended = status == WorkUpdateStatus.Ok,
                    State = status == WorkUpdateStatus.Ok ? WorkStates.Acked : WorkStates.Claimed,
                    LastHeartbeat = timeProvider.GetUtcNow(),
                    TtlSeconds = (int)options.LeaseTtl.TotalSeconds,
                },
                EnvironmentsJsonContext.Default.HeartbeatResponse),
            WorkUpdateStatus.Stopped => ApiErrors.Gone("This work item was stopped."),
            _ => ApiErrors.NotFound("Work item not found."),
        };
    }

    private static async Task<IResult> StopAsync(
        string environmentId, string workId, HttpContext context, WorkStore work, IWorkSignal signal, CancellationToken cancellationToken)
    {
        if (!PathSafeId.IsValid(environmentId) || !PathSafeId.IsValid(workId))
        {
            return ApiErrors.BadRequest("Ids must match ^[A-Za-z0-9_-]+$.");
        }

        // The body is {force}; stopping is the same either way here because the bridge, not the server, ends the child.
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            var (_, bodyError) = await JsonBody.ReadAsync(context.Request, EnvironmentsJsonContext.Default.StopWorkRequest, cancellationToken);
            if (bodyError is not null)
            {
                return bodyError;
            }
        }

        if (await work.StopAsync(context.Caller().OrgId, environmentId, workId, cancellationToken) != WorkUpdateStatus.Ok)
        {
            return ApiErrors.NotFound("Work item not found.");
        }

        // A freed slot may let a parked poll hand out the next session.
        await signal.NotifyAsync(environmentId, cancellationToken);
        return TypedResults.Json(EmptyObject.Instance, EnvironmentsJsonContext.Default.EmptyObject);
    }
}
