namespace Tether.Bridge.Agents;

/// <summary>Limits for one child process.</summary>
internal sealed record AgentProcessOptions
{
    public static AgentProcessOptions Default { get; } = new();

    /// <summary>Stdout lines buffered before the reader stops reading (back-pressure onto the child).</summary>
    public int OutputCapacity { get; init; } = 1024;

    /// <summary>Stdin messages queued before <see cref="AgentProcess.WriteLineAsync"/> waits.</summary>
    public int InputCapacity { get; init; } = 256;

    /// <summary>The longest stdout line accepted; longer lines become <see cref="AgentOutputKind.LineTooLong"/>.</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>How many stderr lines are kept for failure reports.</summary>
    public int StderrLines { get; init; } = 200;

    /// <summary>Each kept stderr line is cut to this many characters.</summary>
    public int StderrLineChars { get; init; } = 1000;

    /// <summary>SIGTERM → SIGKILL grace used by <see cref="AgentProcess.StopAsync"/> when none is given (reference: 30 s).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After the child exits, how long its pipes may stay silent before the readers give up on them. A grandchild that
    /// inherited stdout can hold the pipe open long after the child is gone.
    /// </summary>
    public TimeSpan DrainIdleTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
