namespace Tether.Cli.Terminal;

/// <summary>
/// Marks a command that handles Ctrl+C itself through <see cref="IInterruptSource"/>; System.CommandLine's own handler
/// (which cancels the invocation on the first Ctrl+C) is turned off for it.
/// </summary>
internal interface IHandlesInterrupts;
