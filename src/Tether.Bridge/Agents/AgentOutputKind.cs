namespace Tether.Bridge.Agents;

/// <summary>What one item read from a child's stdout is.</summary>
internal enum AgentOutputKind
{
    /// <summary>A JSON object on one line.</summary>
    Line,

    /// <summary>A line that is not a JSON object (log noise, a crash trace, a cut-off write); kept for diagnostics.</summary>
    InvalidJson,

    /// <summary>A line over the cap; skipped, only its length is known.</summary>
    LineTooLong,
}
