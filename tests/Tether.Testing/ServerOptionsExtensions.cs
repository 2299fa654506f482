using Tether.Server;

namespace Tether.Testing;

/// <summary>Copies of <see cref="ServerOptions"/> with a setting changed, for <see cref="LoopbackServer.StartAsync"/>'s customize hook.</summary>
public static class ServerOptionsExtensions
{
    public static ServerOptions With(this ServerOptions options, TimeProvider? timeProvider = null, TimeSpan? devicePollInterval = null) => new()
    {
        DataDirectory = options.DataDirectory,
        Database = options.Database,
        Urls = options.Urls,
        PublicUrl = options.PublicUrl,
        BootstrapToken = options.BootstrapToken,
        DevicePollInterval = devicePollInterval ?? options.DevicePollInterval,
        MaxEventBytes = options.MaxEventBytes,
        MaxEventsPerRequest = options.MaxEventsPerRequest,
        MaxRequestBytes = options.MaxRequestBytes,
        WebSocketPingInterval = options.WebSocketPingInterval,
        SseKeepAliveInterval = options.SseKeepAliveInterval,
        SubscriberBufferSize = options.SubscriberBufferSize,
        TimeProvider = timeProvider ?? options.TimeProvider,
    };
}
