using Microsoft.Extensions.Logging;

namespace Tether.Bridge.Agents;

internal sealed partial class AgentProcess
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Agent {ProcessId} started: {FileName}")]
        public static partial void Started(ILogger logger, int processId, string fileName);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Agent {FileName} could not be started: {Reason}")]
        public static partial void SpawnFailed(ILogger logger, string fileName, string reason);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Agent {ProcessId} exited with code {ExitCode} ({Status})")]
        public static partial void Exited(ILogger logger, int processId, int exitCode, AgentExitStatus status);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Agent {ProcessId} sent signal {Signal}")]
        public static partial void Signalled(ILogger logger, int processId, int signal);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Agent {ProcessId} did not stop in time; killing its process tree")]
        public static partial void Killing(ILogger logger, int processId);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Agent {ProcessId} wrote a bad stdout line ({Kind}, {Length} bytes)")]
        public static partial void BadLine(ILogger logger, int processId, AgentOutputKind kind, long length);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Agent {ProcessId} {Pipe} pump stopped: {Reason}")]
        public static partial void PumpStopped(ILogger logger, int processId, string pipe, string reason);

        [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Agent {ProcessId} exited but its pipes stayed open (a descendant holds them); stopped reading")]
        public static partial void DrainAbandoned(ILogger logger, int processId);
    }
}
