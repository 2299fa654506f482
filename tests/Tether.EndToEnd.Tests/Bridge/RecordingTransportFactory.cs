using System.Collections.Concurrent;
using Tether.Bridge.Transports;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>Records the transports the bridge creates, so a test can tell which protocol a session really used.</summary>
internal sealed class RecordingTransportFactory(ISessionTransportFactory inner, ConcurrentQueue<ISessionTransport> created) : ISessionTransportFactory
{
    public ISessionTransport Create(SessionTransportRequest request)
    {
        var transport = inner.Create(request);
        created.Enqueue(transport);
        return transport;
    }
}
