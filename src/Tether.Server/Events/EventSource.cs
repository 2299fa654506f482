namespace Tether.Server.Events;

/// <summary>Which side of a session wrote an event.</summary>
internal enum EventSource
{
    /// <summary>The agent side (bridge, v2 worker).</summary>
    Worker,

    /// <summary>People and their clients (web app, terminal, Sessions API).</summary>
    Client,
}
