using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Tether.Server.Http;

/// <summary>Request rate limits with 429, Retry-After and the usual JSON error (<see cref="RequestRateLimiter"/>).</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddTetherRateLimiting(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddSingleton(_ => new RequestRateLimiter(options));
        return services;
    }

    /// <summary>Counts each request on arrival; with limits off the middleware is not added at all.</summary>
    public static IApplicationBuilder UseTetherRateLimiting(this IApplicationBuilder app, RateLimitOptions options)
    {
        if (!options.Enabled)
        {
            return app;
        }

        var limiter = app.ApplicationServices.GetRequiredService<RequestRateLimiter>();
        return app.Use(next => context => limiter.InvokeAsync(context, next));
    }
}
