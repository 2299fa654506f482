using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tether.Server.Http;

/// <summary>
/// Links every request's abort token to application shutdown, so long-lived requests (SSE streams and the like) end at
/// once instead of holding shutdown for the host's full timeout. Endpoints marked <see cref="EndsOnShutdownItself"/>
/// (viewer and worker sockets, the work poll) watch shutdown themselves and are passed straight through: thousands of
/// them are open at once, and a frame and a linked source each would stay alive for as long as they do.
/// </summary>
internal static class ShutdownAwareRequests
{
    public static IApplicationBuilder UseShutdownAwareRequests(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) =>
            context.GetEndpoint()?.Metadata.GetMetadata<EndsOnShutdownItself>() is not null ? next(context) : LinkedAsync(context, next, stopping));
    }

    private static async Task LinkedAsync(HttpContext context, RequestDelegate next, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.RequestAborted = linked.Token;
        await next(context);
    }
}
