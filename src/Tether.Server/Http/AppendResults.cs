using Microsoft.AspNetCore.Http;
using Tether.Protocol.Json;
using Tether.Protocol.Sessions;
using Tether.Server.Events;

namespace Tether.Server.Http;

/// <summary>The HTTP answer to an append, the same on every write path.</summary>
internal static class AppendResults
{
    public static IResult ToHttp(AppendResult result) => result.Status switch
    {
        AppendStatus.Ok => TypedResults.Json(
            new EventsAccepted { Accepted = result.Accepted, Duplicates = result.Duplicates, LastSequenceNum = result.LastSeq },
            TetherJsonContext.Default.EventsAccepted),
        AppendStatus.SessionNotFound => ApiErrors.NotFound(result.Message!),
        _ => ApiErrors.Conflict(result.Message!),
    };
}
