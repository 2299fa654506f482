using System.Text.Json;
using Tether.Protocol.Ids;
using Tether.Protocol.Sessions;

namespace Tether.Server.Sessions;

/// <summary>A stored session row.</summary>
internal sealed record SessionRecord(
    string Id,
    string OrgId,
    string? CreatedBy,
    string? Title,
    string Status,
    string? EnvironmentId,
    string? Source,
    string? PermissionMode,
    string SessionContextJson,
    long LastSeq,
    long WorkerEpoch,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public SessionResource ToResource()
    {
        using var context = JsonDocument.Parse(SessionContextJson);
        return new SessionResource
        {
            Id = SessionIds.ToCompat(Id),
            Title = Title,
            SessionStatus = Status,
            EnvironmentId = EnvironmentId,
            Source = Source,
            PermissionMode = PermissionMode,
            SessionContext = context.RootElement.Clone(),
            LastSequenceNum = LastSeq,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
        };
    }
}
