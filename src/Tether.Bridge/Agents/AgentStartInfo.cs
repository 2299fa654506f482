namespace Tether.Bridge.Agents;

/// <summary>What to run for one session: an executable, its argv and its environment changes.</summary>
/// <param name="FileName">The executable (a path, or a name resolved on PATH by the OS).</param>
/// <param name="Arguments">The argv after the executable, one entry per argument (never joined into a string).</param>
/// <param name="WorkingDirectory">The directory the child starts in.</param>
/// <param name="Environment">Changes to a copy of the parent environment: a value sets, null removes.</param>
internal sealed record AgentStartInfo(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment);
