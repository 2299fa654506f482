using System.Text.Json.Nodes;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>
/// The real <c>tether bridge</c> process behind a company network: the server speaks HTTPS with a certificate from a
/// private CA, and the only way out is an HTTP CONNECT proxy named by <c>HTTPS_PROXY</c>. The server records the client
/// end point of every request, the proxy the end point of every tunnel, so the tests can tell which path traffic took.
/// </summary>
public sealed class BridgeProxyTests
{
    // Every variable that could steer the child's proxy or trust: the test sets the ones it means, the rest are removed.
    private static readonly string[] s_networkVariables =
        ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS"];

    [Theory]
    [InlineData("SSL_CERT_FILE")]
    [InlineData("NODE_EXTRA_CA_CERTS")]
    public async Task Through_a_proxy_to_a_private_CA_server_the_bridge_runs_a_session_and_hands_both_settings_to_its_agent(string caVariable)
    {
        await using var rig = await Rig.StartAsync();
        await using var bridge = rig.StartBridge(new() { ["HTTPS_PROXY"] = rig.Proxy.Address.ToString(), [caVariable] = rig.CaPem });

        var sessionId = await rig.Api.CreateOnAsync(await rig.ActiveEnvironmentAsync(bridge));
        await rig.TurnAsync(sessionId, "echo via-proxy >> log.txt", bridge);

        Assert.Equal("via-proxy\n", await File.ReadAllTextAsync(Path.Combine(rig.Directory.Path, "log.txt")));
        Assert.NotEmpty(rig.Proxy.ConnectTargets);
        Assert.All(rig.Proxy.ConnectTargets, target => Assert.Equal($"localhost:{rig.Port}", target));
        var bridgeRequests = rig.BridgeRequests();
        Assert.Contains(bridgeRequests, r => r.Path == "/v1/environments/bridge");
        Assert.All(bridgeRequests, r => Assert.Contains(r.Client, rig.Proxy.UpstreamEndPoints));
        var sockets = bridgeRequests.Where(r => r.WebSocket).ToList();
        Assert.NotEmpty(sockets);
        Assert.All(sockets, r => Assert.StartsWith("/v1/session_ingress/ws/", r.Path, StringComparison.Ordinal));

        var agent = rig.AgentEnvironment();
        Assert.Equal(rig.Proxy.Address.ToString(), agent.GetValueOrDefault("HTTPS_PROXY"));
        Assert.Equal(rig.CaPem, agent.GetValueOrDefault(caVariable));
    }

    [Fact]
    public async Task With_NO_PROXY_naming_the_server_the_bridge_goes_direct_and_the_proxy_sees_nothing()
    {
        await using var rig = await Rig.StartAsync();
        await using var bridge = rig.StartBridge(new()
        {
            ["HTTPS_PROXY"] = rig.Proxy.Address.ToString(),
            ["NO_PROXY"] = "localhost",
            ["SSL_CERT_FILE"] = rig.CaPem,
        });

        var sessionId = await rig.Api.CreateOnAsync(await rig.ActiveEnvironmentAsync(bridge));
        await rig.TurnAsync(sessionId, "echo direct >> log.txt", bridge);

        Assert.Equal("direct\n", await File.ReadAllTextAsync(Path.Combine(rig.Directory.Path, "log.txt")));
        Assert.Empty(rig.Proxy.ConnectTargets);
        Assert.Contains(rig.BridgeRequests(), r => r.WebSocket);
        Assert.Equal("localhost", rig.AgentEnvironment().GetValueOrDefault("NO_PROXY"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("garbage", "holds no PEM certificate")]
    [InlineData("missing", "could not be read")]
    public async Task Without_a_usable_CA_bundle_the_bridge_stops_before_registering_and_says_how_to_trust_the_server(string? bundle, string? warning)
    {
        await using var rig = await Rig.StartAsync();
        var variables = new Dictionary<string, string?> { ["HTTPS_PROXY"] = rig.Proxy.Address.ToString() };
        if (bundle is not null)
        {
            var path = Path.Combine(rig.Directory.Path, bundle + ".pem");
            if (bundle == "garbage")
            {
                await File.WriteAllTextAsync(path, "this is not a certificate\n");
            }

            variables["SSL_CERT_FILE"] = path;
        }

        await using var bridge = rig.StartBridge(variables);
        var exitCode = await bridge.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("TLS certificate was rejected", bridge.Output, StringComparison.Ordinal);
        Assert.Contains("set SSL_CERT_FILE or NODE_EXTRA_CA_CERTS to a PEM file", bridge.Output, StringComparison.Ordinal);
        if (warning is not null)
        {
            Assert.Contains($"warning: SSL_CERT_FILE={variables["SSL_CERT_FILE"]} {warning}", bridge.Output, StringComparison.Ordinal);
        }

        // It got as far as the TLS handshake through the proxy, and no further.
        Assert.Contains($"localhost:{rig.Port}", rig.Proxy.ConnectTargets);
        Assert.Empty((await rig.Http.GetNodeAsync("/v1/environment_providers"))["environments"]!.AsArray());
        Assert.DoesNotContain(rig.BridgeRequests(), r => r.Path == "/v1/environments/bridge");
    }

    private sealed class Rig : IAsyncDisposable
    {
        private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
        private readonly RequestRecorder _requests = new();
        private LoopbackServer? _server;

        public TempDirectory Directory { get; } = new("proxy-bridge");

        public ConnectProxy Proxy { get; } = ConnectProxy.Start();

        public string CaPem => Path.Combine(Directory.Path, "ca.pem");

        public int Port => _server!.BaseAddress.Port;

        public HttpClient Http { get; private set; } = null!;

        public SessionApi Api { get; private set; } = null!;

        private string AgentEnvironmentFile => Path.Combine(Directory.Path, "agent-env.txt");

        public static async Task<Rig> StartAsync()
        {
            var rig = new Rig();
            try
            {
                rig._ca.WriteRootPem(rig.CaPem);
                rig._server = await LoopbackServer.StartAsync(tls: rig._ca.ForLoopbackServer(), configure: rig._requests.AddTo);
                rig.Http = rig._server.CreateClient();
                rig.Api = new SessionApi(rig.Http);
                return rig;
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// <c>tether bridge --server https://localhost:port</c> with exactly these network variables; its agent is a script
        /// that writes its environment to a file, then runs the built-in agent.
        /// </summary>
        public TetherProcess StartBridge(Dictionary<string, string?> variables)
        {
            var environment = new Dictionary<string, string?>
            {
                ["TETHER_TOKEN"] = LoopbackServer.OwnerToken,
                ["TETHER_CONFIG_DIR"] = Path.Combine(Directory.Path, ".config"),
            };
            foreach (var name in s_networkVariables)
            {
                environment[name] = variables.GetValueOrDefault(name);
            }

            string[] arguments =
            [
                "bridge", "--server", $"https://localhost:{Port}", "--agent", WriteAgentScript(), "--spawn", "same-dir", "--yes", "--verbose",
            ];
            return TetherProcess.Start(arguments, environment, Directory.Path);
        }

        public async Task<string> ActiveEnvironmentAsync(TetherProcess bridge)
        {
            string? id = null;
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(bridge.HasExited, $"tether bridge exited: {bridge.Output}");
                var page = await Http.GetNodeAsync("/v1/environment_providers");
                id = page["environments"]!.AsArray().FirstOrDefault(e => e!["state"]!.GetValue<string>() == "active")?["environment_id"]?.GetValue<string>();
                return id is not null;
            }, TimeSpan.FromSeconds(60), "the bridge registers");
            return id!;
        }

        /// <summary>A prompt the built-in agent runs as a command once allowed; waits for the turn's result.</summary>
        public async Task TurnAsync(string sessionId, string command, TetherProcess bridge)
        {
            try
            {
                await Api.PromptAsync(sessionId, command);
                var ask = await Api.WaitForEventAsync(sessionId, IsCanUseTool, $"the agent asks to run {command}", TimeSpan.FromSeconds(60));
                await Api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
                var result = await Api.WaitForEventAsync(sessionId, IsResult, "the turn ends", TimeSpan.FromSeconds(60));
                Assert.Equal("success", (string?)result["subtype"]);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}\nthe bridge said:\n{bridge.Output}", ex);
            }
        }

        /// <summary>The requests only the bridge makes (registration, polling, work, session ingress); the test's own client never does.</summary>
        public List<RecordedRequest> BridgeRequests() =>
            [.. _requests.Requests.Where(r => r.Path.StartsWith("/v1/environments/", StringComparison.Ordinal) || r.Path.StartsWith("/v1/session_ingress/", StringComparison.Ordinal))];

        /// <summary>The environment the agent process started with, as its script recorded it.</summary>
        public Dictionary<string, string> AgentEnvironment()
        {
            Assert.True(File.Exists(AgentEnvironmentFile), "the agent script ran");
            return File.ReadAllText(AgentEnvironmentFile).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0], StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First()[1], StringComparer.Ordinal);
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            await Proxy.DisposeAsync();
            _ca.Dispose();
            Directory.Dispose();
        }

        private string WriteAgentScript()
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("the recording agent is a POSIX shell script");
            }

            var script = Path.Combine(Directory.Path, "record-env-agent.sh");
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var tether = Path.Combine(AppContext.BaseDirectory, "tether.dll");
            File.WriteAllText(script, $"""
                #!/bin/sh
                env -0 > '{AgentEnvironmentFile}'
                exec '{dotnet}' '{tether}' agent -p --input-format stream-json --output-format stream-json --verbose --permission-prompt-tool stdio --replay-user-messages

                """);
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return script;
        }
    }
}
