namespace Tether.Cli.Teleport;

/// <summary>Why a teleport stopped before changing anything it should not have.</summary>
internal sealed record TeleportError(string Message, int ExitCode = ExitCodes.Fatal);
