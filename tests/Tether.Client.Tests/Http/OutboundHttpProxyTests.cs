using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Tether.Client.Http;
using Tether.Testing;

namespace Tether.Client.Tests.Http;

/// <summary>
/// The handler from <see cref="OutboundHttp.CreateHandler"/> against a real HTTPS server whose certificate comes from a
/// private CA, reached through a real CONNECT proxy; and how a failure reads.
/// </summary>
public sealed class OutboundHttpProxyTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly ConnectProxy _proxy = ConnectProxy.Start();
    private LoopbackServer? _server;

    private Uri Server => new($"https://localhost:{_server!.BaseAddress.Port}");

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(tls: _ca.ForLoopbackServer());

    [Fact]
    public async Task With_the_private_root_a_request_tunnels_through_the_proxy_and_succeeds()
    {
        using var http = Client(new X509Certificate2Collection(_ca.Root));

        using var response = await http.GetAsync(new Uri(Server, "/readyz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"localhost:{Server.Port}"], _proxy.ConnectTargets);
        Assert.Equal(1, _proxy.TunnelCount);
    }

    [Fact]
    public async Task Without_it_the_handshake_fails_and_the_message_names_the_CA_bundle_variables()
    {
        using var http = Client([]);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(Server, "/readyz")));

        Assert.True(ConnectionFailure.IsCertificateProblem(failure, out var detail), failure.ToString());
        Assert.Contains("certificate", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            $"Cannot reach {Server}: its TLS certificate was rejected ({detail}). If the server, or a proxy that inspects TLS, uses a private CA, "
            + "set SSL_CERT_FILE or NODE_EXTRA_CA_CERTS to a PEM file holding that CA's certificate and start again.",
            ConnectionFailure.Describe(failure, Server.ToString()));
    }

    [Fact]
    public async Task A_root_that_did_not_sign_the_server_certificate_does_not_help()
    {
        using var other = TestCertificateAuthority.Create("Other Test CA");
        using var http = Client(new X509Certificate2Collection(other.Root));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(Server, "/readyz")));

        Assert.True(ConnectionFailure.IsCertificateProblem(failure, out _), failure.ToString());
    }

    [Fact]
    public async Task A_refused_connection_is_not_called_a_certificate_problem()
    {
        var closed = new Uri($"https://127.0.0.1:{FreePort()}");
        var handler = OutboundHttp.CreateHandler([]);
        handler.UseProxy = false;
        using var http = new HttpClient(handler);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(closed));

        Assert.False(ConnectionFailure.IsCertificateProblem(failure, out _));
        Assert.Equal($"Cannot reach {closed}: {failure.Message}", ConnectionFailure.Describe(failure, closed.ToString()));
    }

    [Fact]
    public async Task The_proxy_answers_anything_but_CONNECT_with_405()
    {
        using var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var viaProxy = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(_proxy.Address), UseProxy = true });

        using var asServer = await direct.GetAsync(_proxy.Address);
        using var plainHttp = await viaProxy.GetAsync(_server!.BaseAddress.ToString().Replace("https:", "http:", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, asServer.StatusCode);
        Assert.Equal("CONNECT", Assert.Single(asServer.Content.Headers.Allow));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, plainHttp.StatusCode);
        Assert.Equal(2, _proxy.RefusedCount);
        Assert.Empty(_proxy.ConnectTargets);
    }

    [Fact]
    public async Task Disposing_the_proxy_closes_its_open_tunnels()
    {
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, _proxy.Address.Port);
        await client.SendAsync(System.Text.Encoding.ASCII.GetBytes($"CONNECT localhost:{Server.Port} HTTP/1.1\r\nHost: localhost:{Server.Port}\r\n\r\n"));
        var buffer = new byte[256];
        var read = await client.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 200", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);

        await _proxy.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var closed = await ReadToCloseAsync(client).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(closed, "the tunnel's client side was closed");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        _ca.Dispose();
    }

    private HttpClient Client(X509Certificate2Collection roots)
    {
        var handler = OutboundHttp.CreateHandler(roots);
        handler.Proxy = new WebProxy(_proxy.Address);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private static async Task<bool> ReadToCloseAsync(Socket socket)
    {
        var buffer = new byte[256];
        try
        {
            return await socket.ReceiveAsync(buffer) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
