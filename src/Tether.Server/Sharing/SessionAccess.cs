using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Events;
using Tether.Server.Sessions;
using Tether.Server.Store;

namespace Tether.Server.Sharing;

/// <summary>
/// Decides a caller's role in a session: its creator and the org's owners and admins drive it; anyone else in the org
/// has the role it was shared with, or none (then the session answers 404, as if it did not exist).
/// </summary>
internal sealed class SessionAccess(Database database)
{
    public async Task<SessionRole> RoleAsync(Caller caller, SessionRecord session, CancellationToken cancellationToken)
    {
        if (session.OrgId != caller.OrgId)
        {
            return SessionRole.None;
        }

        if (session.CreatedBy == caller.UserId)
        {
            return SessionRole.Driver;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT m.role, s.role FROM memberships m
            LEFT JOIN session_shares s ON s.session_id = @s AND s.user_id = m.user_id
            WHERE m.org_id = @o AND m.user_id = @u
            """);
        await using var reader = await command.With("@s", session.Id).With("@o", caller.OrgId).With("@u", caller.UserId).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return SessionRole.None;
        }

        if (reader.GetString(0) is Roles.Owner or Roles.Admin)
        {
            return SessionRole.Driver;
        }

        return SessionRoleNames.TryParse(reader.GetNullableString(1), out var shared) ? shared : SessionRole.None;
    }

    /// <summary>The least role that may send an event of this kind.</summary>
    public static SessionRole Required(IncomingEvent incoming) => incoming.Type switch
    {
        "control_response" or "control_cancel_request" => SessionRole.Approver,
        _ => SessionRole.Driver,
    };

    /// <summary>The least role that may send every event of a batch.</summary>
    public static SessionRole Required(IReadOnlyList<IncomingEvent> events) =>
        events.Count == 0 ? SessionRole.Viewer : events.Max(Required);
}
