using System.Text.Json;
using System.Text.RegularExpressions;
using Tether.Client.Streaming;
using Tether.Testing;

namespace Tether.Cli.Tests;

/// <summary>
/// <c>tether login</c> and the viewer's <see cref="SessionSubscriber"/> against a real HTTPS server whose certificate comes
/// from a private CA: they trust it when <c>NODE_EXTRA_CA_CERTS</c> names that CA, and without it they fail with the
/// message that names the CA-bundle variables.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed partial class PrivateCaTests : IAsyncLifetime
{
    private readonly TempDirectory _config = new("tether-config");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private EnvironmentVariable _configVariable = null!;
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    private Uri Server => new($"https://localhost:{_server.BaseAddress.Port}");

    public async Task InitializeAsync()
    {
        _configVariable = new EnvironmentVariable("TETHER_CONFIG_DIR", _config.Path);
        _server = await LoopbackServer.StartAsync(customize: o => o with { DevicePollInterval = TimeSpan.FromSeconds(1) }, tls: _ca.ForLoopbackServer());
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
        _configVariable.Dispose();
        _ca.Dispose();
        _config.Dispose();
    }

    [Fact]
    public async Task Login_trusts_the_private_CA_named_by_NODE_EXTRA_CA_CERTS()
    {
        using var bundle = new EnvironmentVariable("NODE_EXTRA_CA_CERTS", WriteBundle());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = new LockedStringWriter();

        var login = CliRun.InvokeAsync(["login", "--server", Server.ToString(), "--no-browser"], output, cts.Token);
        await Eventually.TrueAsync(() => UserCode().IsMatch(output.ToString()) || login.IsCompleted, because: "the CLI prints the user code");
        Assert.False(login.IsCompleted, "the login ended before it was approved: " + output);
        await _owner.PostJsonAsync("/v1/auth/device/approve", $$"""{"user_code":"{{UserCode().Match(output.ToString()).Value}}"}""");
        var result = await login;

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Logged in to", result.Output);
    }

    [Fact]
    public async Task Login_without_the_CA_bundle_fails_with_the_certificate_message()
    {
        using var bundle = new EnvironmentVariable("NODE_EXTRA_CA_CERTS", null);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await CliRun.InvokeAsync(["login", "--server", Server.ToString(), "--no-browser"], cancellationToken: cts.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("its TLS certificate was rejected", result.Error);
        Assert.Contains("NODE_EXTRA_CA_CERTS", result.Error);
        Assert.False(File.Exists(Path.Combine(_config.Path, "credentials.json")));
    }

    [Fact]
    public async Task The_subscriber_trusts_the_private_CA_named_by_NODE_EXTRA_CA_CERTS_and_streams_events()
    {
        using var bundle = new EnvironmentVariable("NODE_EXTRA_CA_CERTS", WriteBundle());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = await _owner.CreateSessionAsync();
        await using var subscriber = new SessionSubscriber(Server, LoopbackServer.OwnerToken, id);

        await subscriber.StartAsync(cts.Token);
        (await _owner.PostEventsAsync(id, ApiJson.UserMessage("over tls"))).Dispose();
        var frame = await FirstStoredAsync(subscriber, cts.Token);

        Assert.Equal("user", frame.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_subscriber_without_the_CA_bundle_fails_with_the_certificate_message()
    {
        using var bundle = new EnvironmentVariable("NODE_EXTRA_CA_CERTS", null);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = await _owner.CreateSessionAsync();
        await using var subscriber = new SessionSubscriber(Server, LoopbackServer.OwnerToken, id);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => subscriber.StartAsync(cts.Token));

        Assert.Contains("its TLS certificate was rejected", failure.Message);
        Assert.Contains("NODE_EXTRA_CA_CERTS", failure.Message);
    }

    private static async Task<JsonElement> FirstStoredAsync(SessionSubscriber subscriber, CancellationToken cancellationToken)
    {
        await foreach (var frame in subscriber.ReadAllAsync(cancellationToken))
        {
            if (frame.TryGetProperty("sequence_num", out _))
            {
                return frame;
            }
        }

        throw new InvalidOperationException("The subscription ended before a stored event arrived.");
    }

    private string WriteBundle()
    {
        var path = Path.Combine(_config.Path, "private-ca.pem");
        _ca.WriteRootPem(path);
        return path;
    }

    [GeneratedRegex("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}")]
    private static partial Regex UserCode();
}
