using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tether.Protocol.Sessions;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Sessions;

namespace Tether.Server.CodeSessions;

/// <summary>
/// <c>.RequireWorker()</c>: the request must carry a worker JWT (user API tokens are refused, as the reference worker
/// endpoints refuse OAuth, remote-protocol §2.2) for the session in the route, of its current epoch. 401 for a missing,
/// invalid or expired JWT; 403 for another session's JWT; 404 for an unknown session; 409 for a superseded epoch or an
/// archived session.
/// </summary>
internal static class WorkerEndpointExtensions
{
    private const string ItemKey = "tether.worker";

    public static TBuilder RequireWorker<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var outcome = await AuthenticateAsync(http, http.RequestAborted);
            if (outcome.Error is not null)
            {
                return outcome.Error;
            }

            http.Items[ItemKey] = outcome.Worker;
            return await next(context);
        });

    /// <summary>The worker a filter already authenticated.</summary>
    public static WorkerContext Worker(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is WorkerContext worker
            ? worker
            : throw new InvalidOperationException("Endpoint is missing RequireWorker().");

    private static async Task<(WorkerContext? Worker, IResult? Error)> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!SessionIdRoute.TryParse(http.GetRouteValue("id") as string ?? "", out var sessionId, out var routeError))
        {
            return (null, routeError);
        }

        if (BearerToken.From(http.Request) is not { } token)
        {
            return (null, ApiErrors.Unauthorized("Missing credentials: worker endpoints need `Authorization: Bearer <worker JWT>`."));
        }

        var check = await http.RequestServices.GetRequiredService<WorkerTokens>().CheckAsync(token, cancellationToken);
        if (check.Claims is not { } claims)
        {
            return (null, ApiErrors.Unauthorized(check.Failure!));
        }

        if (claims.SessionId != sessionId)
        {
            return (null, ApiErrors.Forbidden("This worker JWT belongs to another session."));
        }

        var row = await http.RequestServices.GetRequiredService<WorkerStateStore>().GetAsync(claims.OrgId, sessionId, cancellationToken);
        if (row is null)
        {
            return (null, ApiErrors.NotFound("Session not found."));
        }

        if (row.Status == SessionStatuses.Archived)
        {
            return (null, WorkerErrors.NotActive());
        }

        if (claims.Epoch is { } epoch && epoch != row.WorkerEpoch)
        {
            return (null, WorkerErrors.Superseded(epoch));
        }

        return (new WorkerContext(claims, row), null);
    }
}
