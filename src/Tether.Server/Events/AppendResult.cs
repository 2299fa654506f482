namespace Tether.Server.Events;

/// <summary>The outcome of an append: counts on success, or the reason nothing was stored.</summary>
internal sealed record AppendResult(AppendStatus Status, int Accepted, int Duplicates, long LastSeq, string? Message = null)
{
    /// <summary>The session's status before the append.</summary>
    public string? StatusBefore { get; init; }

    /// <summary>The session's status after the append.</summary>
    public string? StatusAfter { get; init; }

    public static AppendResult Fail(AppendStatus status, string message) => new(status, 0, 0, 0, message);
}
