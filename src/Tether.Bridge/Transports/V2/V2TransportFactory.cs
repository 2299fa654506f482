using Microsoft.Extensions.Logging;

namespace Tether.Bridge.Transports.V2;

/// <summary>Creates v2 transports over one shared HTTP handler (proxy and CA settings included), which it does not own.</summary>
internal sealed class V2TransportFactory(HttpMessageHandler handler, V2TransportOptions options, TimeProvider timeProvider, ILoggerFactory loggers)
    : ISessionTransportFactory
{
    public ISessionTransport Create(SessionTransportRequest request) =>
        new V2SessionTransport(request, handler, options, timeProvider, loggers.CreateLogger<V2SessionTransport>());
}
