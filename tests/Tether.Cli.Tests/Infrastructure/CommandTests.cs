using Tether.Testing;

namespace Tether.Cli.Tests.Infrastructure;

/// <summary>A fresh loopback server per test, an owner-authenticated API client on it, and command lines aimed at it.</summary>
public abstract class CommandTests : IAsyncLifetime
{
    protected LoopbackServer Server { get; private set; } = null!;

    protected HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LoopbackServer.StartAsync();
        Api = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>The arguments followed by <c>--server</c> and <c>--token</c> for this test's server and owner.</summary>
    protected string[] Args(params string[] args) => [.. args, "--server", Server.BaseAddress.ToString(), "--token", LoopbackServer.OwnerToken];
}
