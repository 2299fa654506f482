namespace Tether.Bridge.Transports;

/// <summary>Creates the transport for a session (v1 or v2, from the work secret).</summary>
internal interface ISessionTransportFactory
{
    ISessionTransport Create(SessionTransportRequest request);
}
