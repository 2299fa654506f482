namespace Tether.FakeAnthropic;

/// <summary>A script entry: when <see cref="Matches"/> accepts the request, the fake answers with <see cref="Reply"/>.</summary>
/// <param name="Description">Shown in diagnostics, e.g. <c>last user text contains "make a file"</c>.</param>
/// <param name="Matches">Decides on the parsed request.</param>
/// <param name="Reply">The scripted assistant turn.</param>
public sealed record ScriptRule(string Description, Func<MessagesRequest, bool> Matches, ScriptedReply Reply);
