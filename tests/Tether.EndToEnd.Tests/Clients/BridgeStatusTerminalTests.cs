using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Clients;

/// <summary>tether bridge's live status view in a real pseudo-terminal (tmux): state, connect URL and QR code, keys.</summary>
public sealed class BridgeStatusTerminalTests
{
    [Fact]
    public async Task The_status_view_shows_state_url_qr_and_sessions_and_answers_its_keys()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var dir = new TempDirectory("status-bridge");
        await using var tmux = new Tmux();
        var environment = new Dictionary<string, string> { ["TETHER_CONFIG_DIR"] = Path.Combine(dir.Path, ".config"), ["TERM"] = "xterm-256color" };
        await tmux.StartAsync(dir.Path, environment,
            Path.Combine(AppContext.BaseDirectory, "tether"), "bridge", "--server", server.BaseAddress.ToString().TrimEnd('/'),
            "--token", LoopbackServer.OwnerToken, "--agent", "builtin", "--yes");

        await tmux.WaitForScreenAsync("?bridge=env_", TimeSpan.FromSeconds(60));
        var withQr = await tmux.ScreenAsync();
        Assert.Contains("Remote Control", withQr);
        Assert.Contains("same-dir · space: QR code · w: same-dir/worktree", withQr);
        Assert.True(QrRows(withQr) > 5, $"a QR code is drawn:\n{withQr}");

        await tmux.SendKeysAsync("Space");
        await Eventually.TrueAsync(async () => QrRows(await tmux.ScreenAsync()) == 0, TimeSpan.FromSeconds(10), "space hides the QR code");
        await tmux.SendKeysAsync("w");
        await tmux.WaitForScreenAsync("New sessions now run in their own git worktree");
        await tmux.WaitForScreenAsync("worktree · space: QR code");

        using var http = server.CreateClient();
        var environmentId = (await http.GetNodeAsync("/v1/environment_providers"))["environments"]![0]!["environment_id"]!.GetValue<string>();
        await tmux.SendKeysAsync("w");
        await tmux.WaitForScreenAsync("same-dir · space: QR code");
        var api = new SessionApi(http);
        var sessionId = await api.CreateOnAsync(environmentId);
        await tmux.WaitForScreenAsync(sessionId);
        // The view names a session after its first prompt, as the reference bridge does.
        await api.PromptAsync(sessionId, "echo status check");
        await tmux.WaitForScreenAsync("• echo status check");

        await tmux.SendKeysAsync("C-c");
        await Eventually.TrueAsync(async () => !await tmux.IsRunningAsync(), TimeSpan.FromSeconds(60), "Ctrl+C shuts the bridge down");
        Assert.Equal("archived", await api.StatusAsync(sessionId));
    }

    // QR modules are drawn with half blocks; no other part of the view uses them.
    private static int QrRows(string screen) => screen.Split('\n').Count(line => line.Contains('▀') || line.Contains('▄'));
}
