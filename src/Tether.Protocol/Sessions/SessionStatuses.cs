namespace Tether.Protocol.Sessions;

/// <summary>The values of <see cref="SessionResource.SessionStatus"/>.</summary>
public static class SessionStatuses
{
    /// <summary>No turn in progress.</summary>
    public const string Idle = "idle";

    /// <summary>The agent is working on a turn.</summary>
    public const string Running = "running";

    /// <summary>The agent waits for a permission answer.</summary>
    public const string RequiresAction = "requires_action";

    /// <summary>Archived: read-only, accepts no new events.</summary>
    public const string Archived = "archived";
}
