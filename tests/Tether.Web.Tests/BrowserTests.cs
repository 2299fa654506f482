using Tether.Testing;

namespace Tether.Web.Tests;

/// <summary>
/// A fresh loopback server per test (customised by <see cref="Customize"/>) with an owner API client; after each test every
/// browser context is closed (tests of the browser collection run one at a time, so every open context is this test's).
/// </summary>
public abstract class BrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    protected BrowserFixture Browser { get; } = browser;

    protected LoopbackServer Server { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LoopbackServer.StartAsync(customize: Customize);
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in Browser.Browser.Contexts.ToList())
        {
            await context.CloseAsync();
        }

        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Changes the server's options for this class's tests; none by default.</summary>
    protected virtual Tether.Server.ServerOptions Customize(Tether.Server.ServerOptions options) => options;
}
