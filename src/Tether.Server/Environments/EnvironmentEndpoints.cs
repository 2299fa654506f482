using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Environments.Wire;
using Tether.Server.Http;
using Tether.Server.Sessions;

namespace Tether.Server.Environments;

/// <summary>
/// Registering bridges (remote-protocol §3.1): register, deregister, reconnect a session, list environments, and the
/// preflight config. All with the user's API token; only 200/204 count as success for the reference client.
/// </summary>
internal static class EnvironmentEndpoints
{
    private const string VersionHeader = "x-environment-runner-version";

    public static IEndpointRouteBuilder MapEnvironmentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/environments/bridge", RegisterAsync).RequireCaller(Scopes.RemoteControl);
        routes.MapDelete("/v1/environments/bridge/{environmentId}", DeregisterAsync).RequireCaller(Scopes.RemoteControl);
        routes.MapPost("/v1/environments/{environmentId}/bridge/reconnect", ReconnectAsync).RequireCaller(Scopes.RemoteControl);
        routes.MapGet("/v1/environments/config", Config).RequireCaller(Scopes.Read);
        routes.MapGet("/v1/environment_providers", ListAsync).RequireCaller(Scopes.Read);
        return routes;
    }

    private static async Task<IResult> RegisterAsync(
        HttpContext context, EnvironmentStore store, EnvironmentOptions options, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (!await store.AllowsRemoteControlAsync(caller.OrgId, cancellationToken))
        {
            return ApiErrors.Forbidden("Remote Control is disabled by your organization's policy.");
        }

        var version = context.Request.Headers[VersionHeader].ToString();
        if (version.Length > 0)
        {
            if (!BridgeVersion.TryParse(version, out var bridge))
            {
                return ApiErrors.BadRequest($"{VersionHeader} must be a version such as 1.2.3.");
            }

            if (BridgeVersion.TryParse(options.MinBridgeVersion, out var minimum) && bridge < minimum)
            {
                return ApiErrors.Forbidden(
                    $"This bridge (version {version}) is too old for this server, which needs at least {options.MinBridgeVersion}. Update it and try again.");
            }
        }

        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, EnvironmentsJsonContext.Default.RegisterEnvironmentRequest, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (registration, error) = RegistrationValidator.Validate(body!);
        if (registration is null)
        {
            return ApiErrors.BadRequest(error!);
        }

        var (id, secret) = await store.RegisterAsync(caller.OrgId, caller.UserId, registration, cancellationToken);
        return TypedResults.Json(
            new RegisterEnvironmentResponse { EnvironmentId = id, EnvironmentSecret = secret }, EnvironmentsJsonContext.Default.RegisterEnvironmentResponse);
    }

    private static async Task<IResult> DeregisterAsync(
        string environmentId, HttpContext context, EnvironmentStore store, IWorkSignal signal, CancellationToken cancellationToken)
    {
        if (!PathSafeId.IsValid(environmentId))
        {
            return ApiErrors.BadRequest("Environment id must match ^[A-Za-z0-9_-]+$.");
        }

        if (!await store.DeregisterAsync(context.Caller().OrgId, environmentId, cancellationToken))
        {
            return ApiErrors.NotFound("Environment not found.");
        }

        // Parked polls answer 404 at once instead of at the end of their hold.
        await signal.NotifyAsync(environmentId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ReconnectAsync(
        string environmentId, HttpContext context, EnvironmentStore environments, SessionStore sessions, WorkStore work, IWorkSignal signal,
        CancellationToken cancellationToken)
    {
        if (!PathSafeId.IsValid(environmentId))
        {
            return ApiErrors.BadRequest("Environment id must match ^[A-Za-z0-9_-]+$.");
        }

        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, EnvironmentsJsonContext.Default.ReconnectSessionRequest, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (!SessionIds.TryGetBody(body!.SessionId, out var sessionId))
        {
            return ApiErrors.BadRequest("session_id must be a session id (session_… or cse_…).");
        }

        var orgId = context.Caller().OrgId;
        if (await environments.GetAsync(orgId, environmentId, cancellationToken) is not { State: EnvironmentStates.Active })
        {
            return ApiErrors.NotFound("Environment not found (deregistered or expired); register again.");
        }

        var session = await sessions.GetAsync(orgId, sessionId, cancellationToken);
        if (session is null)
        {
            return ApiErrors.NotFound("Session not found.");
        }

        if (SessionService.IsArchived(session))
        {
            return ApiErrors.Conflict("Session is archived.");
        }

        // A bridge that re-registered under a new id reconnects its sessions here, so the session's own environment is not required to match.
        await work.RequeueSessionAsync(orgId, environmentId, sessionId, cancellationToken);
        await signal.NotifyAsync(environmentId, cancellationToken);
        return TypedResults.Json(EmptyObject.Instance, EnvironmentsJsonContext.Default.EmptyObject);
    }

    private static IResult Config(EnvironmentOptions options) => TypedResults.Json(
        new BridgeConfigResponse
        {
            MinVersion = options.MinBridgeVersion,
            PollIntervalMs = (long)options.AdvisedPollInterval.TotalMilliseconds,
            PollHoldMs = (long)options.PollHold.TotalMilliseconds,
            ReclaimOlderThanMs = (long)options.DefaultReclaimAfter.TotalMilliseconds,
            HeartbeatTtlSeconds = (int)options.LeaseTtl.TotalSeconds,
        },
        EnvironmentsJsonContext.Default.BridgeConfigResponse);

    /// <summary>
    /// Freshness rule: an environment is <c>active</c> when its stored state is active and it polled (or registered) within
    /// <see cref="EnvironmentOptions.ActiveWindow"/>; a bridge polls at least every few seconds, so anything older is offline.
    /// </summary>
    private static async Task<IResult> ListAsync(
        HttpContext context, EnvironmentStore store, EnvironmentOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var freshSince = timeProvider.GetUtcNow() - options.ActiveWindow;
        var items = (await store.ListAsync(context.Caller().OrgId, cancellationToken)).Select(e => new EnvironmentProvider
        {
            EnvironmentId = e.Id,
            Name = $"{e.MachineName}:{Basename(e.Directory)}",
            CreatedAt = e.CreatedAt,
            State = e.State == EnvironmentStates.Active && (e.LastPollAt ?? e.CreatedAt) >= freshSince ? EnvironmentStates.Active : EnvironmentStates.Offline,
            MachineName = e.MachineName,
            Directory = e.Directory,
            Branch = e.Branch,
            GitRepoUrl = e.GitRepoUrl,
            MaxSessions = e.MaxSessions,
            SessionsInUse = e.SessionsInUse,
        }).ToList();
        return TypedResults.Json(
            new EnvironmentProvidersPage { Environments = items, FirstId = items.FirstOrDefault()?.EnvironmentId, LastId = items.LastOrDefault()?.EnvironmentId },
            EnvironmentsJsonContext.Default.EnvironmentProvidersPage);
    }

    private static string Basename(string directory)
    {
        var trimmed = directory.TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
