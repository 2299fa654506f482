using System.Data.Common;
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
        var unavailable = exception is EventLogUnavailableException or DbException or TimeoutException
            || exception.InnerException is DbException or System.Net.Sockets.SocketException;
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Store unavailable ({ExceptionType})")]
    private static partial void LogStoreUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
