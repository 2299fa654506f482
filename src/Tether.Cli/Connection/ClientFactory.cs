using Tether.Client.Http;
using Tether.Client.Sessions;
using Tether.Client.Streaming;
using Tether.Cli.Terminal;

namespace Tether.Cli.Connection;

/// <summary>Builds the typed clients for one login.</summary>
internal sealed class ClientFactory(ServerLogin login, CliHost host)
{
    private readonly ApiTransport _transport = new(login.Server, login.Token);

    public ServerLogin Login => login;

    public ApiTransport Transport => _transport;

    public SessionsClient Sessions() => new(_transport, host.Time);

    public SessionSubscriber Subscriber(string sessionId, long fromSequenceNum = 0) =>
        new(login.Server, login.Token, sessionId, fromSequenceNum, timeProvider: host.Time);
}
