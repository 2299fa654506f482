namespace Tether.Bridge.Transports;

/// <summary>Picks each session's transport from its work secret: code sessions (v2) or session ingress (v1).</summary>
internal sealed class ProtocolTransportFactory(ISessionTransportFactory v1, ISessionTransportFactory v2) : ISessionTransportFactory
{
    public ISessionTransport Create(SessionTransportRequest request) => request.UseCodeSessions ? v2.Create(request) : v1.Create(request);
}
