using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tether.Protocol.Sessions;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Environments;
using Tether.Server.Http;
using Tether.Server.Sessions;

namespace Tether.Server.CodeSessions;

/// <summary>
/// <c>.RequireWorker()</c>: the request must carry a worker JWT, or the session ingress token of env-dispatched work (user
/// API tokens are refused, as the reference worker endpoints refuse OAuth, remote-protocol §2.2) for the session in the
/// route, of its current epoch. 401 for a missing,
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

        var (claims, failure) = token.StartsWith(TokenPrefixes.SessionIngress, StringComparison.Ordinal)
            ? await IngressClaimsAsync(http, token, cancellationToken)
            : await JwtClaimsAsync(http, token, cancellationToken);
        if (claims is null)
        {
            return (null, ApiErrors.Unauthorized(failure!));
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

    private static async Task<(WorkerClaims? Claims, string? Failure)> JwtClaimsAsync(HttpContext http, string token, CancellationToken cancellationToken)
    {
        var check = await http.RequestServices.GetRequiredService<WorkerTokens>().CheckAsync(token, cancellationToken);
        return (check.Claims, check.Failure);
    }

    // Env-dispatched v2 work (use_code_sessions): the work secret's ingress token is the worker credential. It is already
    // bound to one session and work item, and a re-dispatch hands out a fresh one, so it carries no epoch: /worker/register
    // picks the epoch and the body's worker_epoch fences every later call.
    private static async Task<(WorkerClaims? Claims, string? Failure)> IngressClaimsAsync(HttpContext http, string token, CancellationToken cancellationToken)
    {
        var found = await http.RequestServices.GetRequiredService<IngressTokenStore>().FindAsync(token, cancellationToken);
        if (found is not { SessionId: { } sessionId })
        {
            return (null, "Unknown session ingress token.");
        }

        return found.ExpiresAt <= http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()
            ? (null, "The session ingress token has expired; reconnect the session for a new one.")
            : (new WorkerClaims(sessionId, found.OrgId, null, found.Id, found.ExpiresAt), null);
    }
}
