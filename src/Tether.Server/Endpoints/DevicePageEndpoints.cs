using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Login;

namespace Tether.Server.Endpoints;

/// <summary>
/// <c>/device</c>: the page a user opens to approve a device login. A plain form POST (no script, for a strict CSP), so
/// the CSRF token travels as a hidden field and is checked with the cookie session and the Origin.
/// </summary>
internal static class DevicePageEndpoints
{
    public static IEndpointRouteBuilder MapDevicePageEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/device", ShowAsync);
        routes.MapPost("/device", DecideAsync);
        return routes;
    }

    private static async Task<IResult> ShowAsync(
        HttpContext context, CookieSessionAuthenticator cookies, DeviceCodeStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var outcome = await cookies.AuthenticateAsync(context, csrfToken: null, cancellationToken);
        if (outcome?.Caller is null)
        {
            return Page(StatusCodes.Status401Unauthorized, DevicePageHtml.SignInFirst(outcome?.Failure));
        }

        var given = context.Request.Query["user_code"].ToString();
        if (given.Length == 0)
        {
            return Page(StatusCodes.Status200OK, DevicePageHtml.EnterCode(null));
        }

        if (!UserCode.TryNormalize(given, out var userCode) || await store.FindByUserCodeAsync(userCode, cancellationToken) is not { } request)
        {
            return Page(StatusCodes.Status404NotFound, DevicePageHtml.EnterCode(DeviceDecisions.Describe(DeviceDecisionOutcome.NotFound)));
        }

        if (request.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return Page(StatusCodes.Status410Gone, DevicePageHtml.Message(DeviceDecisions.Describe(DeviceDecisionOutcome.Expired)));
        }

        if (request.Status != DeviceCodeStatuses.Pending)
        {
            return Page(StatusCodes.Status409Conflict, DevicePageHtml.Message(DeviceDecisions.Describe(DeviceDecisionOutcome.AlreadyDecided)));
        }

        // The form echoes the CSRF cookie; a forged cookie value simply fails the check on POST.
        var csrf = context.Request.Cookies[WebCookies.Csrf] ?? "";
        return Page(StatusCodes.Status200OK, DevicePageHtml.Confirm(request, csrf));
    }

    private static async Task<IResult> DecideAsync(
        HttpContext context, CookieSessionAuthenticator cookies, DeviceCodeStore store, AuthAudit audit, CancellationToken cancellationToken)
    {
        var (fields, error) = await RequestFields.ReadAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return Page(StatusCodes.Status400BadRequest, DevicePageHtml.Message(error));
        }

        var outcome = await cookies.AuthenticateAsync(context, fields.GetValueOrDefault("csrf_token"), cancellationToken);
        if (outcome is { Forbidden: true })
        {
            return Page(StatusCodes.Status403Forbidden, DevicePageHtml.Message(outcome.Failure!));
        }

        if (outcome?.Caller is not { } caller)
        {
            return Page(StatusCodes.Status401Unauthorized, DevicePageHtml.SignInFirst(outcome?.Failure));
        }

        if (!caller.Has(Scopes.Write))
        {
            return Page(StatusCodes.Status403Forbidden, DevicePageHtml.Message("Your account may not approve logins."));
        }

        var decision = fields.GetValueOrDefault("decision");
        if (decision is not ("approve" or "deny") || !UserCode.TryNormalize(fields.GetValueOrDefault("user_code"), out var userCode))
        {
            return Page(StatusCodes.Status400BadRequest, DevicePageHtml.EnterCode("Choose Approve or Deny for a valid code."));
        }

        var approve = decision == "approve";
        var (result, _) = await DeviceDecisions.DecideAsync(store, audit, caller, userCode, approve, cancellationToken);
        if (result != DeviceDecisionOutcome.Decided)
        {
            return Page(StatusCodes.Status409Conflict, DevicePageHtml.Message(DeviceDecisions.Describe(result)));
        }

        return Page(StatusCodes.Status200OK, DevicePageHtml.Message(approve
            ? "Approved. The device is now signed in; you can return to it."
            : "Denied. The device was not signed in."));
    }

    private static HtmlPage Page(int status, string bodyHtml) => new(status, DevicePageHtml.Title, bodyHtml);
}
