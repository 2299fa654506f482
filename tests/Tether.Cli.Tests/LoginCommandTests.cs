using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tether.Testing;

namespace Tether.Cli.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed partial class LoginCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _config = new("tether-config");
    private EnvironmentVariable _configVariable = null!;
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _configVariable = new EnvironmentVariable("TETHER_CONFIG_DIR", _config.Path);
        _server = await LoopbackServer.StartAsync(customize: o => o with { DevicePollInterval = TimeSpan.FromSeconds(1) });
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
        _configVariable.Dispose();
        _config.Dispose();
    }

    [Fact]
    public async Task Login_stores_a_private_working_token_and_logout_removes_and_revokes_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = _server.BaseAddress.ToString().TrimEnd('/');
        var output = new LockedStringWriter();

        var login = CliRun.InvokeAsync(["login", "--server", server + "/", "--no-browser"], output, cts.Token);
        await Eventually.TrueAsync(() => UserCode().IsMatch(output.ToString()) || login.IsCompleted, because: "the CLI prints the user code");
        Assert.False(login.IsCompleted, "the login ended before it was approved");
        var userCode = UserCode().Match(output.ToString()).Value;
        await _owner.PostJsonAsync("/v1/auth/device/approve", $$"""{"user_code":"{{userCode}}"}""");
        var result = await login;

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"{server}/device?user_code={userCode}", result.Output);
        var file = Path.Combine(_config.Path, "credentials.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var stored = JsonNode.Parse(await File.ReadAllTextAsync(file))!["servers"]![server]!;
        var token = stored["token"]!.GetValue<string>();
        var me = await _owner.GetNodeAsync("/v1/auth/me");
        Assert.Equal(me["org_id"]!.GetValue<string>(), stored["org_id"]!.GetValue<string>());
        using (var client = _server.CreateClient(token))
        using (var sessions = await client.GetAsync("/v1/sessions"))
        {
            Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        }

        var logout = await CliRun.InvokeAsync(["logout", "--server", server], cancellationToken: cts.Token);

        Assert.Equal(0, logout.ExitCode);
        Assert.Contains("revoked", logout.Output);
        Assert.Null(JsonNode.Parse(await File.ReadAllTextAsync(file))!["servers"]![server]);
        using (var client = _server.CreateClient(token))
        using (var sessions = await client.GetAsync("/v1/sessions"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
        }
    }

    [Fact]
    public async Task Denied_login_fails_and_stores_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = new LockedStringWriter();

        var login = CliRun.InvokeAsync(["login", "--server", _server.BaseAddress.ToString(), "--no-browser"], output, cts.Token);
        await Eventually.TrueAsync(() => UserCode().IsMatch(output.ToString()) || login.IsCompleted, because: "the CLI prints the user code");
        await _owner.PostJsonAsync("/v1/auth/device/deny", $$"""{"user_code":"{{UserCode().Match(output.ToString()).Value}}"}""");
        var result = await login;

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("access_denied", result.Error);
        Assert.False(File.Exists(Path.Combine(_config.Path, "credentials.json")));
    }

    [Fact]
    public async Task Login_without_a_server_is_a_usage_error()
    {
        using var noServer = new EnvironmentVariable("TETHER_SERVER", null);

        var result = await CliRun.InvokeAsync(["login", "--no-browser"]);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("--server", result.Error);
    }

    [GeneratedRegex("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}")]
    private static partial Regex UserCode();
}
