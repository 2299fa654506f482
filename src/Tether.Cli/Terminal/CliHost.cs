namespace Tether.Cli.Terminal;

/// <summary>
/// What a client command touches outside itself: the three standard streams, whether they are terminals, the clock,
/// environment variables, Ctrl+C and the config directory. Commands take it in their constructor so tests run them
/// without a TTY (pipes and captured writers) and without changing the process environment.
/// </summary>
internal sealed record CliHost
{
    public required TextReader In { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>True when stdout is a terminal: colours and cursor tricks are allowed.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>True when stdin is a terminal: interactive questions can be asked.</summary>
    public bool InputIsTerminal { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<string, string?> Environment { get; init; } = global::System.Environment.GetEnvironmentVariable;

    public required IInterruptSource Interrupts { get; init; }

    public string ConfigDirectory { get; init; } = CliPaths.ConfigDirectory();

    public string CurrentDirectory { get; init; } = global::System.Environment.CurrentDirectory;

    /// <summary>How this program starts agents (claude on PATH, or itself as the built-in agent).</summary>
    public Tether.Bridge.Agents.AgentHost Agents { get; init; } = Tether.Bridge.Agents.AgentHost.Current();

    /// <summary>The real console of this process.</summary>
    public static CliHost System() => new()
    {
        In = Console.In,
        Out = Console.Out,
        Error = Console.Error,
        OutputIsTerminal = !Console.IsOutputRedirected && global::System.Environment.GetEnvironmentVariable("NO_COLOR") is null,
        InputIsTerminal = !Console.IsInputRedirected,
        Interrupts = new SignalInterruptSource(),
    };
}
