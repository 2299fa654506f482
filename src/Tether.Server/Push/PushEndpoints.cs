using System.Buffers.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;

namespace Tether.Server.Push;

/// <summary>
/// Web Push for the signed-in user's browsers: the VAPID public key, and subscribing or unsubscribing a push endpoint.
/// Browser calls use the session cookie with the CSRF check like every other state-changing web request.
/// </summary>
internal static class PushEndpoints
{
    public static IEndpointRouteBuilder MapPushEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/push/config", ConfigAsync).RequireCaller();
        routes.MapPost("/v1/push/subscriptions", SubscribeAsync).RequireCaller(Scopes.Read);
        routes.MapDelete("/v1/push/subscriptions", UnsubscribeAsync).RequireCaller(Scopes.Read);
        return routes;
    }

    private static async Task<IResult> ConfigAsync(ServerOptions options, VapidKeyStore keys, CancellationToken cancellationToken)
    {
        if (!PushNotifier.IsEnabled(options))
        {
            return TypedResults.Json(new PushConfig(false, null), PushJsonContext.Default.PushConfig);
        }

        var key = await keys.GetAsync(cancellationToken);
        return TypedResults.Json(new PushConfig(true, Base64Url.EncodeToString(key.PublicKey)), PushJsonContext.Default.PushConfig);
    }

    private static async Task<IResult> SubscribeAsync(
        HttpContext context, ServerOptions options, PushTargetPolicy policy, PushSubscriptionStore store, CancellationToken cancellationToken)
    {
        if (!PushNotifier.IsEnabled(options))
        {
            return Disabled();
        }

        var (request, error) = await JsonBody.ReadAsync(context.Request, PushJsonContext.Default.PushSubscriptionRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (policy.Check(request!.Endpoint) is { } endpointError)
        {
            return ApiErrors.BadRequest(endpointError);
        }

        if (request.Keys is not { } keys)
        {
            return ApiErrors.BadRequest("keys is required: an object with p256dh and auth, as PushSubscription.toJSON() gives.");
        }

        if (Decode(keys.P256dh) is not { } publicKey || !P256.IsValidPublicKey(publicKey))
        {
            return ApiErrors.BadRequest("keys.p256dh must be a base64url P-256 public key (65 bytes, uncompressed point).");
        }

        if (Decode(keys.Auth) is not { Length: 16 })
        {
            return ApiErrors.BadRequest("keys.auth must be a base64url 16-byte auth secret.");
        }

        var caller = context.Caller();
        await store.SaveAsync(caller.OrgId, caller.UserId, request.Endpoint!, Base64Url.EncodeToString(publicKey), keys.Auth!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> UnsubscribeAsync(HttpContext context, PushSubscriptionStore store, CancellationToken cancellationToken)
    {
        var (request, error) = await JsonBody.ReadAsync(context.Request, PushJsonContext.Default.PushSubscriptionRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(request!.Endpoint) || request.Endpoint.Length > PushTargetPolicy.MaxEndpointLength)
        {
            return ApiErrors.BadRequest("endpoint is required (the push endpoint URL to unsubscribe).");
        }

        var caller = context.Caller();
        return await store.DeleteAsync(caller.OrgId, caller.UserId, request.Endpoint, cancellationToken)
            ? TypedResults.NoContent()
            : ApiErrors.NotFound("You have no push subscription for that endpoint.");
    }

    private static IResult Disabled() =>
        ApiErrors.Conflict("Web Push is off on this server: it needs a public URL (tether server --public-url https://…).");

    private static byte[]? Decode(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return null;
        }

        // Browsers send base64url without padding; accept padded input too.
        var trimmed = value.TrimEnd('=');
        return Base64Url.IsValid(trimmed) ? Base64Url.DecodeFromChars(trimmed) : null;
    }
}
