using Microsoft.Extensions.Logging;
using Tether.Bridge.Agents;

namespace Tether.Bridge.Sessions;

internal sealed partial class SessionRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Session `{SessionId}`: agent started (pid {Pid}) in {Directory}")]
        public static partial void Started(ILogger logger, string sessionId, int pid, string directory);

        [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Session `{SessionId}`: agent ended {Status} (exit code {ExitCode})")]
        public static partial void Ended(ILogger logger, string sessionId, AgentExitStatus status, int? exitCode);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Session `{SessionId}`: stopping the agent ({Reason})")]
        public static partial void Stopping(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "Session `{SessionId}`: dropped an inbound event ({Reason})")]
        public static partial void Dropped(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Session `{SessionId}`: the server ended the session (code {Code}: {Reason})")]
        public static partial void ServerEnded(ILogger logger, string sessionId, int? code, string reason);

        [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "Session `{SessionId}`: {Warning}")]
        public static partial void CommandLineWarning(ILogger logger, string sessionId, string warning);
    }
}
