using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Tether.Protocol.Errors;

namespace Tether.Server.Http;

/// <summary>
/// Counts every request against its bucket on arrival and answers 429 with Retry-After when the bucket is empty. It keeps
/// no frame around the admitted request (ASP.NET Core's rate limiting middleware awaits every request to release its
/// lease): the buckets are token buckets, whose leases have nothing to give back, so a long-lived request (a viewer's
/// socket, a parked poll) costs nothing here once it is admitted.
/// </summary>
internal sealed class RequestRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public RequestRateLimiter(RateLimitOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PerCredentialPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.AnonymousPerSecond);
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        using var lease = _limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            return next(context);
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ApiErrors.Of(StatusCodes.Status429TooManyRequests, ErrorTypes.RateLimit, $"Too many requests; retry in {retryAfter} s.")
            .ExecuteAsync(context);
    }

    public void Dispose() => _limiter.Dispose();

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz"))
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

    private static RateLimitPartition<string> Bucket(string key, double perSecond, int burst)
    {
        // Whole tokens per period: a rate of 0.5/s refills one token every 2 s, a rate of 200/s 200 tokens every second.
        var tokensPerPeriod = Math.Max(1, (int)Math.Round(perSecond));
        var period = TimeSpan.FromSeconds(tokensPerPeriod / perSecond);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
