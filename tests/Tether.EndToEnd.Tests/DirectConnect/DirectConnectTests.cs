using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tether.Bridge.Agents;
using Tether.Cli.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.DirectConnect;

/// <summary>tether serve with the built-in agent, driven by tether connect over the real WebSocket.</summary>
public sealed class DirectConnectTests : IAsyncLifetime
{
    private const string Token = "tether_cc_test-token";
    // Short, so a client that vanished lets go of its session within seconds; long enough that a live client on a busy
    // machine always answers in time.
    private const int PingIntervalMs = 2000;
    private readonly TempDirectory _workspace = new("tether-serve");
    private readonly CancellationTokenSource _stopServe = new();
    private TestTerminal _serveTerminal = null!;
    private Task<int> _serve = null!;
    private string _url = null!;

    /// <summary>The built-in agent is this build's tether executable, next to the test assembly.</summary>
    private static AgentHost Agents => new(Path.Combine(AppContext.BaseDirectory, "tether"), null, Environment.GetEnvironmentVariable("PATH"));

    public async Task InitializeAsync()
    {
        _serveTerminal = new TestTerminal(currentDirectory: _workspace.Path).With(h => h with { Agents = Agents });
        _serve = _serveTerminal.RunAsync(
            _stopServe.Token, "serve", "--agent", "builtin", "--auth-token", Token, "--idle-timeout", "0", "--ping-interval", PingIntervalMs.ToString(CultureInfo.InvariantCulture));
        await _serveTerminal.Out.WaitForAsync("listening on ");
        _url = _serveTerminal.Out.Text.Split("listening on ")[1].Split(' ')[0];
    }

    public async Task DisposeAsync()
    {
        await _stopServe.CancelAsync();
        await _serve.WaitAsync(TimeSpan.FromSeconds(20));
        await _serveTerminal.DisposeAsync();
        _stopServe.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public async Task Connect_RunsAPromptWithAPermissionPrompt()
    {
        await using var client = new TestTerminal(currentDirectory: _workspace.Path);
        var run = client.RunAsync("connect", _url, "--token", Token);
        await client.Out.WaitForAsync("Connected to session");

        await client.TypeAsync("touch made-by-connect.txt");
        await client.Out.WaitForAsync("Allow");
        Assert.False(File.Exists(Path.Combine(_workspace.Path, "made-by-connect.txt")), "the agent must wait for the answer");
        await client.TypeAsync("y");
        await client.Out.WaitForAsync("✓ Done");
        Assert.True(File.Exists(Path.Combine(_workspace.Path, "made-by-connect.txt")));

        await client.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));

        // The session outlives the client: it is detached, in the index, and resumable.
        using var http = new HttpClient { BaseAddress = new Uri(_url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        var sessionId = client.Out.Text.Split("Connected to session ")[1].Split(' ')[0];
        await Eventually.TrueAsync(async () =>
            (await http.GetNodeAsync("/sessions")).AsArray().Any(s => s!["sessionId"]!.GetValue<string>() == sessionId && s["status"]!.GetValue<string>() == "detached"));

        await using var again = new TestTerminal(currentDirectory: _workspace.Path);
        var resumed = again.RunAsync("connect", _url, "--token", Token, "--resume", sessionId);
        await again.Out.WaitForAsync($"Connected to session {sessionId}");
        await again.TypeAsync("/quit");
        Assert.Equal(0, await resumed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task DetachedSession_IsStoppedAfterTheIdleTimeout()
    {
        using var other = new TempDirectory("tether-serve-idle");
        using var stop = new CancellationTokenSource();
        await using var server = new TestTerminal(currentDirectory: other.Path).With(h => h with { Agents = Agents });
        var serve = server.RunAsync(stop.Token, "serve", "--agent", "builtin", "--auth-token", Token, "--idle-timeout", "300");
        await server.Out.WaitForAsync("listening on ");
        var url = server.Out.Text.Split("listening on ")[1].Split(' ')[0];

        await using var client = new TestTerminal(currentDirectory: other.Path);
        var run = client.RunAsync("connect", url, "--token", Token);
        await client.Out.WaitForAsync("Connected to session");
        await client.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        await Eventually.TrueAsync(async () => (await http.GetNodeAsync("/sessions")).AsArray().Single()!["status"]!.GetValue<string>() == "stopped",
            TimeSpan.FromSeconds(15), "the idle timeout stops the detached session");
        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(20)));
        var index = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(other.Path, ".tether", "serve-sessions.json")))!.AsObject();
        Assert.Equal("stopped", index.Single().Value!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connect_InATerminal_PromptsAndCtrlC()
    {
        await using var tmux = new Tether.EndToEnd.Tests.Clients.Tmux();
        var environment = new Dictionary<string, string> { ["TETHER_CONFIG_DIR"] = _workspace.Path, ["TERM"] = "xterm-256color" };
        await tmux.StartAsync(_workspace.Path, environment, Path.Combine(AppContext.BaseDirectory, "tether"), "connect", _url, "--token", Token);

        await tmux.WaitForScreenAsync("Connected to session");
        await tmux.SendKeysAsync("touch from-tty-connect.txt", "Enter");
        await tmux.WaitForScreenAsync("[y]es / [n]o / [a]lways");
        await tmux.SendKeysAsync("y", "Enter");
        await tmux.WaitForScreenAsync("✓ Done");
        Assert.True(File.Exists(Path.Combine(_workspace.Path, "from-tty-connect.txt")));

        await tmux.SendKeysAsync("C-c");
        await tmux.WaitForScreenAsync("Interrupt sent");
        // Two presses at once exit even if the previous one is more than 2 s ago on a slow machine.
        await tmux.SendKeysAsync("C-c", "C-c");
        await Eventually.TrueAsync(async () => !await tmux.IsRunningAsync(), TimeSpan.FromSeconds(15), "a second Ctrl+C within 2 s exits");
    }

    [Fact]
    public async Task Connect_WrongToken_IsRefusedClearly()
    {
        await using var client = new TestTerminal();
        Assert.Equal(1, await client.RunAsync("connect", _url, "--token", "wrong"));
        Assert.Contains("refused the token", client.Error.Text);
    }

    [Fact]
    public async Task SecondServe_OnTheSameWorkspace_IsRefusedByTheLock()
    {
        var lockFile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_workspace.Path, ".tether", "serve.lock")))!;
        Assert.Equal(Environment.ProcessId, lockFile["pid"]!.GetValue<int>());
        Assert.Equal(_url, lockFile["httpUrl"]!.GetValue<string>());

        await using var second = new TestTerminal(currentDirectory: _workspace.Path);
        Assert.Equal(5, await second.RunAsync("serve", "--agent", "builtin"));
        Assert.Contains("Another tether serve", second.Error.Text);
    }

    [Fact]
    public async Task StaleLock_FromADeadProcess_IsTakenOver()
    {
        using var other = new TempDirectory("tether-serve-stale");
        Directory.CreateDirectory(Path.Combine(other.Path, ".tether"));
        await File.WriteAllTextAsync(Path.Combine(other.Path, ".tether", "serve.lock"),
            """{"pid":999999,"port":1,"host":"127.0.0.1","httpUrl":"http://127.0.0.1:1","startedAt":"2026-01-01T00:00:00Z"}""");
        using var stop = new CancellationTokenSource();
        await using var terminal = new TestTerminal(currentDirectory: other.Path).With(h => h with { Agents = Agents });
        var serve = terminal.RunAsync(stop.Token, "serve", "--agent", "builtin", "--auth-token", Token);

        await terminal.Out.WaitForAsync("listening on ");
        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(File.Exists(Path.Combine(other.Path, ".tether", "serve.lock")), "a stopped server removes its lock");
    }

    [Fact]
    public async Task A_client_that_closes_its_socket_gets_the_close_reply()
    {
        var wsUrl = await StartSessionAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await AttachAsync(wsUrl, timeout.Token);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "client left", timeout.Token);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task A_client_that_vanished_frees_its_session_for_the_next_one()
    {
        var wsUrl = await StartSessionAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Never reads, so never answers a ping: what a laptop that slept and woke on another network leaves behind.
        using var vanished = await AttachAsync(wsUrl, timeout.Token);
        var refused = await Record.ExceptionAsync(async () => (await AttachAsync(wsUrl, timeout.Token)).Dispose());
        ClientWebSocket? next = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                next = await AttachAsync(wsUrl, timeout.Token);
                return true;
            }
            catch (WebSocketException)
            {
                return false;
            }
        }, because: "the unanswered ping drops the vanished client and frees the session");

        using (next)
        {
            Assert.IsType<WebSocketException>(refused);
            Assert.Equal(WebSocketState.Open, next!.State);
        }
    }

    /// <summary>Starts a session over the HTTP API and returns its socket's address.</summary>
    private async Task<Uri> StartSessionAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return new Uri((await http.PostJsonAsync("/sessions", "{}"))["ws_url"]!.GetValue<string>());
    }

    private static async Task<ClientWebSocket> AttachAsync(Uri wsUrl, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {Token}");
        try
        {
            await socket.ConnectAsync(wsUrl, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
