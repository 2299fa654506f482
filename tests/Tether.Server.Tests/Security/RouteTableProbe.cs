using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tether.Testing;

namespace Tether.Server.Tests.Security;

/// <summary>Every endpoint the server maps, as (method, route pattern), read from the running app's route table.</summary>
internal static class RouteTableProbe
{
    public static IReadOnlyList<(string Method, string Pattern)> Routes(LoopbackServer server) =>
        [.. server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText ?? "")))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal)];
}
