using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Tether.Protocol.Errors;

namespace Tether.Server.Http;

/// <summary>Request rate limits with 429, Retry-After and the usual JSON error.</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddTetherRateLimiting(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
            limiter.OnRejected = async (rejection, cancellationToken) =>
            {
                var retryAfter = rejection.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                rejection.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ApiErrors.Of(StatusCodes.Status429TooManyRequests, ErrorTypes.RateLimit, $"Too many requests; retry in {retryAfter} s.")
                    .ExecuteAsync(rejection.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        var path = context.Request.Path;
        if (!options.Enabled || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz"))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        // The credential itself keys the bucket: it is already in memory for this request and never leaves the process.
        var credential = context.Request.Headers.Authorization.ToString();
        if (credential.Length == 0)
        {
            credential = context.Request.Cookies["tether_session"] ?? "";
        }

        return credential.Length > 0
            ? Bucket("c:" + credential, options.PerCredentialPerSecond, options.PerCredentialBurst)
            : Bucket("a:" + context.Connection.RemoteIpAddress, options.AnonymousPerSecond, options.AnonymousBurst);
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
