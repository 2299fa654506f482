using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>
/// Records, in front of the server's own pipeline, the path and client end point of every request, and whether it asked
/// for a WebSocket: with a proxy's upstream end points this tells which requests arrived through the proxy.
/// </summary>
internal sealed class RequestRecorder
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Adds the recorder to a server host (for <c>LoopbackServer.StartAsync(configure: …)</c>).</summary>
    public void AddTo(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter>(new Filter(this));

    private sealed class Filter(RequestRecorder recorder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var connection = context.Connection;
                var address = connection.RemoteIpAddress ?? IPAddress.None;
                recorder._requests.Enqueue(new RecordedRequest(
                    context.Request.Path.Value ?? "",
                    new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, connection.RemotePort),
                    // The upgrade header, not context.WebSockets: this runs before the server's WebSocket middleware.
                    string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase)));
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
