using Microsoft.Extensions.Logging;

namespace Tether.Bridge.Transports.V1;

/// <summary>Creates v1 transports over one shared HTTP handler (proxy and CA settings included), which it does not own.</summary>
internal sealed class V1TransportFactory(HttpMessageHandler handler, V1TransportOptions options, TimeProvider timeProvider, ILoggerFactory loggers)
    : ISessionTransportFactory
{
    private readonly HttpClient _http = new(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly HttpMessageInvoker _socketInvoker = new(handler, disposeHandler: false);

    public ISessionTransport Create(SessionTransportRequest request) =>
        new V1SessionTransport(request, _http, _socketInvoker, options, timeProvider, loggers.CreateLogger<V1SessionTransport>());
}
