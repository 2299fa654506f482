using Microsoft.AspNetCore.Http;
using Tether.Protocol.Ids;
using Tether.Server.Http;

namespace Tether.Server.Sessions;

/// <summary>Turns a <c>{id}</c> route value (<c>session_X</c> or <c>cse_X</c>) into the stored body, or the error to answer.</summary>
internal static class SessionIdRoute
{
    public static bool TryParse(string id, out string body, out IResult? error)
    {
        error = null;
        if (!PathSafeId.IsValid(id))
        {
            body = "";
            error = ApiErrors.BadRequest("Session id must match ^[A-Za-z0-9_-]+$ (at most 128 characters).");
            return false;
        }

        if (!SessionIds.TryGetBody(id, out body))
        {
            error = ApiErrors.NotFound("Session not found.");
            return false;
        }

        return true;
    }
}
