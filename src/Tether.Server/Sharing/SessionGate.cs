using Microsoft.AspNetCore.Http;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Sessions;

namespace Tether.Server.Sharing;

/// <summary>
/// The one place endpoints resolve a session id for the caller: 400 for a malformed id, 404 when the caller has no role
/// in it (including another org's session), 403 when its role is too low for the action.
/// </summary>
internal sealed class SessionGate(SessionStore store, SessionAccess access)
{
    public async Task<(SessionRecord? Session, SessionRole Role, IResult? Error)> OpenAsync(
        string id, Caller caller, SessionRole needed, CancellationToken cancellationToken)
    {
        if (!SessionIdRoute.TryParse(id, out var body, out var error))
        {
            return (null, SessionRole.None, error);
        }

        var session = await store.GetAsync(caller.OrgId, body, cancellationToken);
        var role = session is null ? SessionRole.None : await access.RoleAsync(caller, session, cancellationToken);
        if (role == SessionRole.None)
        {
            return (null, SessionRole.None, ApiErrors.NotFound("Session not found."));
        }

        return role < needed
            ? (null, role, ApiErrors.Forbidden(Refusal(role, needed)))
            : (session, role, null);
    }

    public static string Refusal(SessionRole held, SessionRole needed) =>
        $"Your role in this session is {SessionRoleNames.Of(held)}; this needs {SessionRoleNames.Of(needed)}.";
}
