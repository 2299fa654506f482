using Tether.Testing;

namespace Tether.EndToEnd.Tests.Clients;

/// <summary>tether repl in a real pseudo-terminal (tmux) with the built-in agent.</summary>
public sealed class ReplTerminalTests
{
    [Fact]
    public async Task Repl_InATerminal_AsksPermission_AndCtrlCTwiceExits()
    {
        using var cwd = new TempDirectory("tether-repl-tty");
        await using var tmux = new Tmux();
        var environment = new Dictionary<string, string> { ["TETHER_CONFIG_DIR"] = cwd.Path, ["TERM"] = "xterm-256color" };
        await tmux.StartAsync(cwd.Path, environment, Path.Combine(AppContext.BaseDirectory, "tether"), "repl", "--agent", "builtin");

        await tmux.WaitForScreenAsync("tether repl · builtin");
        await tmux.SendKeysAsync("touch typed-in-tmux.txt", "Enter");
        await tmux.WaitForScreenAsync("Allow Bash? [y]es / [n]o / [a]lways");
        await tmux.SendKeysAsync("y", "Enter");
        await tmux.WaitForScreenAsync("✓ Done");
        Assert.True(File.Exists(Path.Combine(cwd.Path, "typed-in-tmux.txt")));

        await tmux.SendKeysAsync("C-c");
        await tmux.WaitForScreenAsync("Interrupted. Press Ctrl+C again within 2 s to exit.");

        // The terminal's SIGINT reached only tether: the agent is still there for the next prompt.
        await tmux.SendKeysAsync("touch after-interrupt.txt", "Enter");
        await Eventually.TrueAsync(async () => (await tmux.ScreenAsync()).Split("[y]es").Length == 3, TimeSpan.FromSeconds(20), "a second permission prompt");
        await tmux.SendKeysAsync("y", "Enter");
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(cwd.Path, "after-interrupt.txt")), TimeSpan.FromSeconds(20), "the agent survived Ctrl+C");
        Assert.True(await tmux.IsRunningAsync());

        // Two presses at once: whichever earlier press they pair with, the second within 2 s exits.
        await tmux.SendKeysAsync("C-c", "C-c");
        await Eventually.TrueAsync(async () => !await tmux.IsRunningAsync(), TimeSpan.FromSeconds(15), "a second Ctrl+C within 2 s exits");
    }
}
