namespace Tether.Cli.DirectConnect;

/// <summary>The life of a direct-connect session (remote-protocol §11).</summary>
internal static class DirectSessionStates
{
    public const string Starting = "starting";
    public const string Running = "running";

    /// <summary>The agent runs but no client is connected; it is stopped after the idle timeout.</summary>
    public const string Detached = "detached";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
}
