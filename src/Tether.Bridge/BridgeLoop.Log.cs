using Microsoft.Extensions.Logging;

namespace Tether.Bridge;

internal sealed partial class BridgeLoop
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Registered environment `{EnvironmentId}` for {Directory} (capacity {Capacity})")]
        public static partial void Registered(ILogger logger, string environmentId, string directory, int capacity);

        [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Polling failed: {Message}; retrying with backoff")]
        public static partial void PollFailing(ILogger logger, string message);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Reconnected after {Seconds} s")]
        public static partial void Reconnected(ILogger logger, int seconds);

        [LoggerMessage(EventId = 1603, Level = LogLevel.Error, Message = "Polling failed for good: {Message}")]
        public static partial void PollFatal(ILogger logger, string message);

        [LoggerMessage(EventId = 1604, Level = LogLevel.Debug, Message = "Skipped work `{WorkId}`: already completed")]
        public static partial void SkippedCompleted(ILogger logger, string workId);

        [LoggerMessage(EventId = 1605, Level = LogLevel.Warning, Message = "Work `{WorkId}` has an unusable secret ({Reason}); stopping it")]
        public static partial void BadSecret(ILogger logger, string workId, string reason);

        [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "Work `{WorkId}` names a session id that is not path-safe; ignored")]
        public static partial void InvalidSessionId(ILogger logger, string workId);

        [LoggerMessage(EventId = 1607, Level = LogLevel.Information, Message = "Session `{SessionId}` re-dispatched as work `{WorkId}`: token refreshed")]
        public static partial void TokenRefreshed(ILogger logger, string sessionId, string workId);

        [LoggerMessage(EventId = 1608, Level = LogLevel.Information, Message = "At capacity ({Capacity}): session `{SessionId}` left for later")]
        public static partial void AtCapacity(ILogger logger, string sessionId, int capacity);

        [LoggerMessage(EventId = 1609, Level = LogLevel.Warning, Message = "Ack of work `{WorkId}` failed: {Message}")]
        public static partial void AckFailed(ILogger logger, string workId, string message);

        [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "Session `{SessionId}` started (work `{WorkId}`, {Mode})")]
        public static partial void SessionStarted(ILogger logger, string sessionId, string workId, SpawnMode mode);

        [LoggerMessage(EventId = 1611, Level = LogLevel.Error, Message = "Session `{SessionId}` crashed")]
        public static partial void SessionCrashed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 1612, Level = LogLevel.Warning, Message = "Stopping work `{WorkId}` failed: {Message}")]
        public static partial void StopFailed(ILogger logger, string workId, string message);

        [LoggerMessage(EventId = 1613, Level = LogLevel.Warning, Message = "Could not write the --continue pointer: {Message}")]
        public static partial void PointerFailed(ILogger logger, string message);

        [LoggerMessage(EventId = 1614, Level = LogLevel.Information, Message = "Work of session `{SessionId}` was stopped on the server; ending the session")]
        public static partial void WorkStopped(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 1615, Level = LogLevel.Debug, Message = "Heartbeat of session `{SessionId}` failed: {Message}")]
        public static partial void HeartbeatFailed(ILogger logger, string sessionId, string message);

        [LoggerMessage(EventId = 1616, Level = LogLevel.Information, Message = "Session `{SessionId}`: token rejected; asking the server to re-dispatch it")]
        public static partial void RequestingReconnect(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 1617, Level = LogLevel.Warning, Message = "Reconnect of session `{SessionId}` failed: {Message}")]
        public static partial void ReconnectFailed(ILogger logger, string sessionId, string message);

        [LoggerMessage(EventId = 1618, Level = LogLevel.Warning, Message = "Deregistering `{EnvironmentId}` failed: {Message}")]
        public static partial void DeregisterFailed(ILogger logger, string environmentId, string message);

        [LoggerMessage(EventId = 1619, Level = LogLevel.Warning, Message = "Cleanup did not finish within {Seconds} s")]
        public static partial void CleanupTimedOut(ILogger logger, int seconds);

        [LoggerMessage(EventId = 1620, Level = LogLevel.Information, Message = "Bridge for environment `{EnvironmentId}` shut down")]
        public static partial void ShutDown(ILogger logger, string environmentId);

        [LoggerMessage(EventId = 1622, Level = LogLevel.Debug, Message = "Session `{SessionId}`: token {Generation} expires at {ExpiresAt:O}; refresh due at {DueAt:O}")]
        public static partial void RefreshScheduled(ILogger logger, string sessionId, long generation, DateTimeOffset expiresAt, DateTimeOffset dueAt);

        [LoggerMessage(EventId = 1623, Level = LogLevel.Debug, Message = "Session `{SessionId}`: the token's expiry is unknown; it is refreshed only if the server rejects it")]
        public static partial void NoTokenExpiry(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 1624, Level = LogLevel.Information, Message = "Session `{SessionId}`: token expires soon; asking the server to re-dispatch it (attempt {Attempt})")]
        public static partial void RefreshingToken(ILogger logger, string sessionId, int attempt);

        [LoggerMessage(EventId = 1625, Level = LogLevel.Warning, Message = "Session `{SessionId}`: token refresh attempt {Attempt} failed; retrying in {Seconds} s")]
        public static partial void RefreshFailed(ILogger logger, string sessionId, int attempt, int seconds);

        [LoggerMessage(EventId = 1626, Level = LogLevel.Warning, Message = "Session `{SessionId}`: token refresh failed {Failures} times; no more refreshes ahead of expiry, the session recovers when the server rejects its token")]
        public static partial void RefreshGaveUp(ILogger logger, string sessionId, int failures);

        [LoggerMessage(EventId = 1627, Level = LogLevel.Debug, Message = "Session `{SessionId}`: a newer token arrived while refresh of token {Generation} ran; its outcome is discarded")]
        public static partial void RefreshStale(ILogger logger, string sessionId, long generation);

        [LoggerMessage(EventId = 1621, Level = LogLevel.Warning, Message = "Resuming session `{SessionId}` failed: {Message}")]
        public static partial void ResumeFailed(ILogger logger, string sessionId, string message);
    }
}
