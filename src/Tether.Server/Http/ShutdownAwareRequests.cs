using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tether.Server.Http;

/// <summary>
/// Links every request's abort token to application shutdown, so long-lived requests (subscriptions, SSE streams, long
/// polls) end at once with a "going away" close instead of holding shutdown for the host's full timeout.
/// </summary>
internal static class ShutdownAwareRequests
{
    public static IApplicationBuilder UseShutdownAwareRequests(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            context.RequestAborted = linked.Token;
            await next(context);
        });
    }
}
