using Microsoft.Extensions.Logging;

namespace Tether.Bridge.Transports.V2;

internal sealed partial class V2SessionTransport
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Session `{SessionId}`: registered as v2 worker, epoch {Epoch}")]
        public static partial void Registered(ILogger logger, string sessionId, long epoch);

        [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Session `{SessionId}`: worker registration failed ({Status}); retrying once")]
        public static partial void RegisterRetry(ILogger logger, string sessionId, int status);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Session `{SessionId}`: v2 transport ended ({CloseCode}): {Reason}")]
        public static partial void Ended(ILogger logger, string sessionId, int? closeCode, string reason);

        [LoggerMessage(EventId = 1704, Level = LogLevel.Debug, Message = "Session `{SessionId}`: worker {Call} answered {Status}; waiting {Wait} as the server asked")]
        public static partial void RetryAfter(ILogger logger, string sessionId, string call, int status, TimeSpan wait);

        [LoggerMessage(EventId = 1703, Level = LogLevel.Debug, Message = "Session `{SessionId}`: worker stream closed ({Status}); reconnecting in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string sessionId, int status, TimeSpan delay);
    }
}
