using Tether.Testing;

namespace Tether.Server.Tests.Infrastructure;

/// <summary>
/// A test class whose tests each get a fresh Tether server on loopback (<see cref="Server"/>, on the suite's store) and
/// an owner-authenticated client for it (<see cref="Client"/>).
/// </summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected LoopbackServer Server { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        Client = Server.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Starts the server; a class that needs other options or its own data directory overrides this.</summary>
    protected virtual Task<LoopbackServer> StartServerAsync() => LoopbackServer.StartAsync();
}
