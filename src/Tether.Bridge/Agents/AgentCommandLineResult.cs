using System.Diagnostics.CodeAnalysis;

namespace Tether.Bridge.Agents;

/// <summary>The outcome of <see cref="AgentCommandLine.Build"/>.</summary>
/// <param name="StartInfo">What to start, when the command line could be built.</param>
/// <param name="Error">Why it could not be built.</param>
/// <param name="Warnings">Flags or variables from the work secret that were left out, and why.</param>
internal sealed record AgentCommandLineResult(AgentStartInfo? StartInfo, string? Error, IReadOnlyList<string> Warnings)
{
    [MemberNotNullWhen(true, nameof(StartInfo))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => StartInfo is not null;
}
