namespace Tether.FakeAnthropic;

/// <summary>
/// What the fake model says. Rules are tried in order against every <c>POST /v1/messages</c>; the first match wins,
/// otherwise the default text reply is used. A rule that calls a tool only matches requests that offer that tool,
/// because claude's side calls (titles, topic checks) repeat the prompt but declare no tools, and a real model
/// could not call a tool it was not given.
/// </summary>
public sealed class FakeScript
{
    private readonly List<ScriptRule> _rules = [];

    /// <summary>The reply when no rule matches.</summary>
    public ScriptedReply DefaultReply { get; private set; } = ScriptedReply.WithText("OK.");

    /// <summary>The rules, in the order they are tried.</summary>
    public IReadOnlyList<ScriptRule> Rules => _rules;

    /// <summary>Answer with <paramref name="reply"/> when the latest user message's text contains <paramref name="fragment"/>.</summary>
    public FakeScript WhenUserSays(string fragment, ScriptedReply reply) =>
        When(
            $"last user text contains \"{fragment}\"",
            request => !request.LastUserHasToolResult && request.LastUserText.Contains(fragment, StringComparison.Ordinal),
            reply);

    /// <summary>Answer with <paramref name="reply"/> when the latest user message carries a tool result.</summary>
    public FakeScript WhenToolResult(ScriptedReply reply) =>
        When("last user message is a tool_result", request => request.LastUserHasToolResult, reply);

    /// <summary>Answer with <paramref name="reply"/> when <paramref name="matches"/> accepts the request.</summary>
    public FakeScript When(string description, Func<MessagesRequest, bool> matches, ScriptedReply reply)
    {
        _rules.Add(new ScriptRule(description, matches, reply));
        return this;
    }

    /// <summary>Sets the reply used when no rule matches.</summary>
    public FakeScript Otherwise(ScriptedReply reply)
    {
        DefaultReply = reply;
        return this;
    }

    /// <summary>Picks the reply for <paramref name="request"/>.</summary>
    public ScriptedReply Choose(MessagesRequest request)
    {
        foreach (var rule in _rules)
        {
            var toolOffered = rule.Reply.ToolName is not { } tool || request.ToolNames.Contains(tool);
            if (toolOffered && rule.Matches(request))
            {
                return rule.Reply;
            }
        }

        return DefaultReply;
    }
}
