using Tether.Server;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>Server options for code-session tests: the loopback defaults with a given clock and tweaks.</summary>
internal static class CodeSessionServer
{
    public static ServerOptions With(ServerOptions options, TimeProvider? clock = null, TimeSpan? keepAlive = null, long? maxWorkerEventsBytes = null) => new()
    {
        DataDirectory = options.DataDirectory,
        Database = options.Database,
        Urls = options.Urls,
        BootstrapToken = options.BootstrapToken,
        TimeProvider = clock ?? options.TimeProvider,
        SseKeepAliveInterval = keepAlive ?? options.SseKeepAliveInterval,
        MaxWorkerEventsBytes = maxWorkerEventsBytes ?? options.MaxWorkerEventsBytes,
    };
}
