namespace Tether.Bridge.Agents;

/// <summary>Which program runs a session.</summary>
internal enum AgentKind
{
    /// <summary>Claude Code (<c>claude</c> on PATH or an explicit path) in stream-json mode.</summary>
    Claude,

    /// <summary>The built-in agent: this executable with <c>tether agent</c>.</summary>
    Builtin,

    /// <summary>Any command line the user gave, run as given.</summary>
    Command,
}
