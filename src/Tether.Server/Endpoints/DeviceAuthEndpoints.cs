using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Auth;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Login;

namespace Tether.Server.Endpoints;

/// <summary>Device-code login (RFC 8628): a CLI asks for a code, a signed-in user approves it, the CLI gets an API token.</summary>
internal static class DeviceAuthEndpoints
{
    private const int MaxClientNameLength = 100;

    public static IEndpointRouteBuilder MapDeviceAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var device = routes.MapGroup("/v1/auth/device");
        device.MapPost("/code", CreateCodeAsync);
        device.MapPost("/token", ExchangeAsync);
        device.MapPost("/approve", ApproveAsync).RequireCaller(Scopes.Write);
        device.MapPost("/deny", DenyAsync).RequireCaller(Scopes.Write);
        return routes;
    }

    private static async Task<IResult> CreateCodeAsync(
        HttpContext context, DeviceCodeStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        var (fields, error) = await RequestFields.ReadAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return OAuth(OAuthError.InvalidRequest, error);
        }

        var clientName = fields.GetValueOrDefault("client_name")?.Trim();
        if (clientName is { Length: > MaxClientNameLength })
        {
            return OAuth(OAuthError.InvalidRequest, $"client_name is longer than {MaxClientNameLength} characters.");
        }

        var scopes = fields.TryGetValue("scope", out var scope) && scope.Trim().Length > 0
            ? Scopes.Parse(scope)
            : Scopes.DefaultUser.ToHashSet();
        if (scopes.FirstOrDefault(s => !Scopes.IsKnown(s)) is { } unknown)
        {
            return OAuth(OAuthError.InvalidScope, $"Unknown scope '{unknown}'; known scopes: {Scopes.Join(Scopes.All)}.");
        }

        var interval = TimeSpan.FromSeconds(Math.Max(1, (int)options.DevicePollInterval.TotalSeconds));
        var (deviceCode, userCode) = await store.CreateAsync(string.IsNullOrEmpty(clientName) ? null : clientName, scopes, interval, cancellationToken);
        var verification = PublicBaseUrl.For(context.Request, options) + "/device";
        return TypedResults.Json(
            new DeviceAuthorization
            {
                DeviceCode = deviceCode,
                UserCode = userCode,
                VerificationUri = verification,
                VerificationUriComplete = $"{verification}?user_code={Uri.EscapeDataString(userCode)}",
                ExpiresIn = (int)LoginLifetimes.DeviceCode.TotalSeconds,
                Interval = (int)interval.TotalSeconds,
            },
            AuthJsonContext.Default.DeviceAuthorization);
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext context, DeviceCodeStore store, AccountStore accounts, AuthAudit audit, CancellationToken cancellationToken)
    {
        // RFC 6749 §5.1: token answers must not be cached.
        context.Response.Headers.CacheControl = "no-store";
        var (fields, error) = await RequestFields.ReadAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return OAuth(OAuthError.InvalidRequest, error);
        }

        if (fields.GetValueOrDefault("grant_type") != DeviceGrant.GrantType)
        {
            return OAuth(OAuthError.UnsupportedGrantType, $"grant_type must be {DeviceGrant.GrantType}.");
        }

        if (fields.GetValueOrDefault("device_code") is not { Length: > 0 } deviceCode)
        {
            return OAuth(OAuthError.InvalidRequest, "device_code is required.");
        }

        var poll = await store.PollAsync(deviceCode, cancellationToken);
        return poll.Status switch
        {
            DevicePollStatus.Pending => OAuth(OAuthError.AuthorizationPending, "Waiting for the user to approve this login."),
            DevicePollStatus.SlowDown => OAuth(OAuthError.SlowDown, $"Polling too fast; wait {poll.IntervalSeconds} seconds between requests."),
            DevicePollStatus.Expired => OAuth(OAuthError.ExpiredToken, "The device code expired; start the login again."),
            DevicePollStatus.Denied => OAuth(OAuthError.AccessDenied, "The login was denied."),
            DevicePollStatus.Approved => await IssueAsync(poll.Record!, accounts, audit, cancellationToken),
            _ => OAuth(OAuthError.InvalidGrant, "Unknown or already used device code."),
        };
    }

    private static async Task<IResult> IssueAsync(DeviceCodeRecord record, AccountStore accounts, AuthAudit audit, CancellationToken cancellationToken)
    {
        var token = await accounts.CreateTokenAsync(
            record.OrgId!, record.UserId!, record.ClientName ?? "device login", record.Scopes, lifetime: null, cancellationToken);
        audit.DeviceTokenIssued(token.Id, record.UserId!, record.OrgId!);
        return TypedResults.Json(
            new DeviceTokenGrant { AccessToken = token.Secret, Scope = Scopes.Join(token.Scopes), OrgId = record.OrgId!, UserId = record.UserId! },
            AuthJsonContext.Default.DeviceTokenGrant);
    }

    private static Task<IResult> ApproveAsync(HttpContext context, DeviceCodeStore store, AuthAudit audit, CancellationToken cancellationToken) =>
        DecideAsync(context, store, audit, approve: true, cancellationToken);

    private static Task<IResult> DenyAsync(HttpContext context, DeviceCodeStore store, AuthAudit audit, CancellationToken cancellationToken) =>
        DecideAsync(context, store, audit, approve: false, cancellationToken);

    private static async Task<IResult> DecideAsync(
        HttpContext context, DeviceCodeStore store, AuthAudit audit, bool approve, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, AuthJsonContext.Default.UserCodeRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!UserCode.TryNormalize(body!.UserCode, out var userCode))
        {
            return ApiErrors.BadRequest("user_code must be the 8-letter code shown by the device, like BCDF-GHJK.");
        }

        var (outcome, granted) = await DeviceDecisions.DecideAsync(store, audit, context.Caller(), userCode, approve, cancellationToken);
        return outcome switch
        {
            DeviceDecisionOutcome.Decided => TypedResults.Json(
                new DeviceDecision { UserCode = userCode, Status = approve ? DeviceCodeStatuses.Approved : DeviceCodeStatuses.Denied, Scope = Scopes.Join(granted) },
                AuthJsonContext.Default.DeviceDecision),
            _ => DeviceDecisions.ToError(outcome),
        };
    }

    private static IResult OAuth(string error, string description) =>
        TypedResults.Json(new OAuthError { Error = error, ErrorDescription = description }, AuthJsonContext.Default.OAuthError, statusCode: StatusCodes.Status400BadRequest);
}
