namespace Tether.Bridge.Agents;

/// <summary>How a child ended (reference §7.4 exit mapping).</summary>
internal enum AgentExitStatus
{
    /// <summary>Exit code 0.</summary>
    Completed,

    /// <summary>A non-zero exit, a fatal signal other than SIGTERM/SIGINT, or the child never started.</summary>
    Failed,

    /// <summary>Ended by SIGTERM or SIGINT.</summary>
    Interrupted,
}
