using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tether.Protocol.Errors;
using Tether.Server.Events;
using Tether.Server.Store;

namespace Tether.Server.Http;

/// <summary>
/// A store that is down (PostgreSQL restarting, disk full) answers 503 with Retry-After and the usual JSON error,
/// so clients retry instead of treating it as a bug; anything else unexpected is a 500 in the same shape.
/// </summary>
internal sealed partial class StoreUnavailableHandler(Database database, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var unavailable = IsUnavailable(exception) || exception is EventLogUnavailableException { InnerException: { } inner } && IsUnavailable(inner);
        if (unavailable)
        {
            LogStoreUnavailable(logger, exception.GetType().Name);
            database.ResetIdleConnections();
            httpContext.Response.Headers.RetryAfter = "2";
        }
        else
        {
            LogUnexpected(logger, exception);
        }

        var result = unavailable
            ? ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, ErrorTypes.Api, "The store is unavailable right now; retry shortly.")
            : ApiErrors.Of(StatusCodes.Status500InternalServerError, ErrorTypes.Api, "Unexpected server error.");
        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Failures of the store itself (down, restarting, full, locked), as opposed to a bug in a query.</summary>
    private static bool IsUnavailable(Exception exception) => exception switch
    {
        Npgsql.PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("57", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        Npgsql.NpgsqlException => true,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14,
        TimeoutException or System.Net.Sockets.SocketException or IOException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Store unavailable ({ExceptionType})")]
    private static partial void LogStoreUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
