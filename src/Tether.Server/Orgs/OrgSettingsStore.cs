using Tether.Protocol.Orgs;
using Tether.Server.Store;

namespace Tether.Server.Orgs;

/// <summary>The org-level Remote Control switches on the <c>orgs</c> row.</summary>
internal sealed class OrgSettingsStore(Database database)
{
    public async Task<OrgSettings?> GetAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT use_code_sessions, allow_remote_control FROM orgs WHERE id = @o");
        await using var reader = await command.With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OrgSettings { UseCodeSessions = reader.GetInt64(0) != 0, AllowRemoteControl = reader.GetInt64(1) != 0 }
            : null;
    }

    public async Task<OrgSettings?> UpdateAsync(string orgId, OrgSettingsPatch patch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            UPDATE orgs SET use_code_sessions = COALESCE(CAST(@code AS BIGINT), use_code_sessions), allow_remote_control = COALESCE(CAST(@rc AS BIGINT), allow_remote_control)
            WHERE id = @o RETURNING use_code_sessions, allow_remote_control
            """);
        await using var reader = await command.With("@o", orgId).With("@code", Flag(patch.UseCodeSessions)).With("@rc", Flag(patch.AllowRemoteControl))
            .ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OrgSettings { UseCodeSessions = reader.GetInt64(0) != 0, AllowRemoteControl = reader.GetInt64(1) != 0 }
            : null;
    }

    private static long? Flag(bool? value) => value is { } b ? (b ? 1L : 0L) : null;
}
