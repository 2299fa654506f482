using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Agents;
using Tether.Bridge.Environments;
using Tether.Bridge.Transports;
using Tether.Bridge.Worktrees;
using Tether.Client.Environments;
using Tether.Client.Http;
using Tether.Testing;

namespace Tether.Bridge.Tests.Loop;

/// <summary>
/// A server whose TLS certificate the bridge does not trust stops the bridge loop with the CA-bundle message, instead of
/// being retried as a network error (the path <c>tether up</c> takes, which runs no preflight). Real HTTPS server, private CA.
/// </summary>
public sealed class CertificateRejectionTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private LoopbackServer? _server;

    private static EnvironmentsClientOptions Options => new() { RunnerVersion = "0.0.0-test" };

    private Uri Server => new($"https://localhost:{_server!.BaseAddress.Port}");

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(tls: _ca.ForLoopbackServer());

    [Fact]
    public async Task ARejectedCertificate_OnRegister_StopsTheLoopWithTheCaBundleMessage()
    {
        using var handler = OutboundHttp.CreateHandler([]);
        using var client = new EnvironmentsClient(Server, LoopbackServer.OwnerToken, Options, handler);

        var exit = await RunLoop(client).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(BridgeExitKind.Fatal, exit.Kind);
        Assert.Contains("its TLS certificate was rejected", exit.Message, StringComparison.Ordinal);
        Assert.Contains("NODE_EXTRA_CA_CERTS", exit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARejectedCertificate_IsClassifiedFatal_AndOtherNetworkErrorsStayTransient()
    {
        using var untrusting = OutboundHttp.CreateHandler([]);
        using var rejected = new EnvironmentsClient(Server, LoopbackServer.OwnerToken, Options, untrusting);
        using var refusing = new EnvironmentsClient(new Uri("https://127.0.0.1:1"), LoopbackServer.OwnerToken, Options);
        var adapter = new EnvironmentsClientAdapter(rejected);

        var certificate = await adapter.ReconnectSessionAsync("env_1", "session_1", CancellationToken.None);
        var refused = await new EnvironmentsClientAdapter(refusing).ReconnectSessionAsync("env_1", "session_1", CancellationToken.None);

        Assert.True(certificate.Error!.IsFatal);
        Assert.Equal(EnvironmentsClient.CertificateRejectedType, certificate.Error.ErrorType);
        Assert.False(refused.Error!.IsFatal);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _ca.Dispose();
    }

    private static Task<BridgeExit> RunLoop(EnvironmentsClient client)
    {
        var options = new BridgeOptions
        {
            ServerUrl = client.BaseUrl,
            Directory = Path.GetTempPath(),
            MachineName = "test",
            Agent = AgentSpec.Parse("sleep 30"),
        };
        var loop = new BridgeLoop(options, new EnvironmentsClientAdapter(client), new NoTransports(), info => AgentProcess.Start(info),
            new WorktreeManager(new GitRunner()), AgentHost.Current(), NullBridgeObserver.Instance, null, TimeProvider.System, NullLoggerFactory.Instance);
        return loop.RunAsync(CancellationToken.None);
    }

    private sealed class NoTransports : ISessionTransportFactory
    {
        public ISessionTransport Create(SessionTransportRequest request) => throw new InvalidOperationException("no work is expected");
    }
}
