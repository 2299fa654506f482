namespace Tether.Server.Push;

/// <summary>One notification to send: the committed event (session and sequence number) that caused it.</summary>
internal sealed record PushJob(string SessionId, long Seq, PushKind Kind, string? ToolName);
