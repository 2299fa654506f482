using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Clients;

/// <summary>tether attach in a real pseudo-terminal (tmux): colours, typed answers, Ctrl+C as interrupt, twice to exit.</summary>
public sealed class AttachTerminalTests : IAsyncLifetime
{
    private readonly TempDirectory _config = new("tether-tty-config");
    private LoopbackServer _server = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _api = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        _config.Dispose();
    }

    private async Task<JsonArray> EventsAsync(string id) => (await _api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray();

    [Fact]
    public async Task Attach_InATerminal_AnswersAPromptAndTurnsCtrlCIntoAnInterrupt()
    {
        var id = await _api.CreateSessionAsync("terminal test");
        await WorkerEventLog.AppendAsync(_server, id, WorkerEventLog.Assistant("Here is **bold** and `code`."));
        await using var tmux = new Tmux();
        var environment = new Dictionary<string, string> { ["TETHER_CONFIG_DIR"] = _config.Path, ["TERM"] = "xterm-256color" };
        await tmux.StartAsync(_config.Path, environment,
            Path.Combine(AppContext.BaseDirectory, "tether"), "attach", id, "--server", _server.BaseAddress.ToString(), "--token", LoopbackServer.OwnerToken);

        await tmux.WaitForScreenAsync("Attached to terminal test");
        await tmux.WaitForScreenAsync("Here is bold and code.");
        Assert.Contains("\u001b[", await tmux.ScreenAsync(escapes: true));

        await WorkerEventLog.AppendAsync(_server, id, WorkerEventLog.CanUseTool("req-tty", "touch tty.txt"));
        await tmux.WaitForScreenAsync("Allow Bash? [y]es / [n]o / [a]lways");
        await tmux.SendKeysAsync("y", "Enter");
        await tmux.WaitForScreenAsync("Allowed.");
        Assert.Contains(await EventsAsync(id), e => e!["type"]!.GetValue<string>() == "control_response");

        await tmux.SendKeysAsync("C-c");
        await tmux.WaitForScreenAsync("Interrupt sent");
        Assert.Contains(await EventsAsync(id), e => e!["type"]!.GetValue<string>() == "control_request" && e["request"]!["subtype"]!.GetValue<string>() == "interrupt");
        Assert.True(await tmux.IsRunningAsync());

        // Two presses at once exit even if the previous one is more than 2 s ago on a slow machine.
        await tmux.SendKeysAsync("C-c", "C-c");
        await Eventually.TrueAsync(async () => !await tmux.IsRunningAsync(), TimeSpan.FromSeconds(10), "a second Ctrl+C within 2 s exits");
    }
}
