namespace Tether.Cli;

/// <summary>The exit-code contract of every <c>tether</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Stopped normally.</summary>
    public const int Ok = 0;

    /// <summary>Fatal configuration or authentication problem: do not restart without fixing it.</summary>
    public const int Fatal = 1;

    /// <summary>Transient failure: a supervisor may restart.</summary>
    public const int Transient = 2;

    /// <summary>Another bridge owns this registration.</summary>
    public const int Conflict = 5;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 64;
}
