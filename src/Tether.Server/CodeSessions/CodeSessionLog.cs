using Microsoft.Extensions.Logging;

namespace Tether.Server.CodeSessions;

/// <summary>Log messages of the code-sessions endpoints. Worker JWTs and keys are never logged.</summary>
internal static partial class CodeSessionLog
{
    public const string Category = "Tether.Server.CodeSessions";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Code session `{SessionId}` created")]
    public static partial void SessionCreated(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Worker of code session `{SessionId}` registered as epoch {Epoch} (via {Path})")]
    public static partial void WorkerRegistered(ILogger logger, string sessionId, long epoch, string path);
}
