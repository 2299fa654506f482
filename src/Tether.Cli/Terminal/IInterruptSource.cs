namespace Tether.Cli.Terminal;

/// <summary>Ctrl+C as an event a command handles itself (interrupt the agent, then exit on a second press).</summary>
internal interface IInterruptSource
{
    /// <summary>Calls <paramref name="onInterrupt"/> on every Ctrl+C until the returned handle is disposed.</summary>
    IDisposable Subscribe(Action onInterrupt);
}
