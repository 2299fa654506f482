using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tether.Server.Http;

namespace Tether.Server.Auth;

/// <summary><c>.RequireCaller(scope)</c>: authenticate the request and demand a scope before the handler runs.</summary>
internal static class CallerEndpointExtensions
{
    /// <summary>Any authenticated caller, whatever its scopes (for <c>/v1/auth/me</c> and the like).</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCaller(scope: null);

    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, string? scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authenticator = http.RequestServices.GetRequiredService<RequestAuthenticator>();
            var outcome = await authenticator.AuthenticateAsync(http, http.RequestAborted);
            if (outcome.Caller is not { } caller)
            {
                return outcome.Forbidden ? ApiErrors.Forbidden(outcome.Failure!) : ApiErrors.Unauthorized(outcome.Failure!);
            }

            if (scope is not null && !caller.Has(scope))
            {
                return ApiErrors.Forbidden($"This token lacks the '{scope}' scope.");
            }

            return await next(context);
        });

    /// <summary>The authenticated caller of this request.</summary>
    public static Caller Caller(this HttpContext context) => RequestAuthenticator.CallerOf(context);
}
