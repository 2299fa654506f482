using Tether.Bridge.Activity;

namespace Tether.Bridge.Sessions;

/// <summary>What the status view shows about one running session; updated by its runner, read by any thread.</summary>
internal sealed class SessionView(string sessionId, DateTimeOffset startedAt)
{
    public const int MaxTitleLength = 80;

    private string? _title;
    private string? _directory;

    public string SessionId { get; } = sessionId;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The first prompt (collapsed to one line, at most 80 characters) or a name given by <c>rename_session</c>.</summary>
    public string? Title => Volatile.Read(ref _title);

    /// <summary>Where the agent runs (the bridge's directory or the session's worktree).</summary>
    public string? Directory => Volatile.Read(ref _directory);

    public ActivityRing Activities { get; } = new();

    public void SetDirectory(string directory) => Volatile.Write(ref _directory, directory);

    /// <summary>Sets the title; false when it was already set and <paramref name="replace"/> is false.</summary>
    public bool SetTitle(string text, bool replace)
    {
        var line = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (line.Length == 0)
        {
            return false;
        }

        line = line.Length <= MaxTitleLength ? line : string.Concat(line.AsSpan(0, MaxTitleLength - 1), "…");
        return replace ? Interlocked.Exchange(ref _title, line) != line : Interlocked.CompareExchange(ref _title, line, null) is null;
    }

    /// <summary>The current tool activity, if a tool started within <paramref name="expiry"/> (reference: 30 s).</summary>
    public SessionActivity? CurrentToolActivity(DateTimeOffset now, TimeSpan expiry)
    {
        var latest = Activities.Snapshot().LastOrDefault(a => a.Kind == ActivityKind.ToolStart);
        return latest is not null && now - latest.At <= expiry ? latest : null;
    }
}
