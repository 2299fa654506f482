using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>What a finished turn reports in its <c>result</c> message.</summary>
internal sealed record TurnSummary(string Text, bool Interrupted, int NumTurns, TimeSpan Duration, JsonArray Denials);
