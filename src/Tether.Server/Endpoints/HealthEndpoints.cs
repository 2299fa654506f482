using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tether.Server.Store;

namespace Tether.Server.Endpoints;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the store is migrated and reachable).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", Healthz);
        routes.MapGet("/readyz", ReadyzAsync);
        return routes;
    }

    private static Ok<string> Healthz() => TypedResults.Ok("ok");

    private static async Task<Results<Ok<string>, ProblemHttpResult>> ReadyzAsync(
        StoreReadiness readiness, Database database, CancellationToken cancellationToken)
    {
        if (!readiness.IsReady)
        {
            return TypedResults.Problem("store not migrated yet", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.Command("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return TypedResults.Ok("ready");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return TypedResults.Problem("store unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
