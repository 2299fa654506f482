namespace Tether.Bridge.Agents;

/// <summary>The parsed <c>--agent</c> option.</summary>
/// <param name="Kind">Claude, builtin or a command.</param>
/// <param name="Value">For <see cref="AgentKind.Claude"/> an explicit executable path (or null for PATH); for <see cref="AgentKind.Command"/> the command line.</param>
internal sealed record AgentSpec(AgentKind Kind, string? Value = null)
{
    public static AgentSpec Claude { get; } = new(AgentKind.Claude);

    public static AgentSpec Builtin { get; } = new(AgentKind.Builtin);

    /// <summary>
    /// Parses <c>--agent</c>: empty or <c>claude</c> → Claude from PATH; <c>builtin</c> → the built-in agent; a single
    /// path whose file name is <c>claude</c> → that Claude executable; anything else → a command line.
    /// </summary>
    public static AgentSpec Parse(string? agent)
    {
        var text = agent?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("claude", StringComparison.OrdinalIgnoreCase))
        {
            return Claude;
        }

        if (text.Equals("builtin", StringComparison.OrdinalIgnoreCase))
        {
            return Builtin;
        }

        if (ShellWords.TrySplit(text, out var words, out _) && words.Count == 1
            && Path.GetFileNameWithoutExtension(words[0]).Equals("claude", StringComparison.OrdinalIgnoreCase))
        {
            return new AgentSpec(AgentKind.Claude, words[0]);
        }

        return new AgentSpec(AgentKind.Command, text);
    }
}
