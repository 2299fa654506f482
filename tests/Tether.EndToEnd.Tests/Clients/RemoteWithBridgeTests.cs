using Tether.Cli.Tests.Infrastructure;
using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Clients;

/// <summary>tether remote and tether attach against a real server and a real bridge running the built-in agent.</summary>
public sealed class RemoteWithBridgeTests : IAsyncLifetime
{
    private readonly TempDirectory _repo = new("tether-remote-e2e");
    private LoopbackServer _server = null!;
    private BridgeHarness _bridge = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _bridge = await BridgeHarness.StartAsync(_server, _repo.Path);
    }

    public async Task DisposeAsync()
    {
        await _bridge.DisposeAsync();
        await _server.DisposeAsync();
        _repo.Dispose();
    }

    private string[] Args(params string[] args) => [.. args, "--server", _server.BaseAddress.ToString(), "--token", LoopbackServer.OwnerToken];

    [Fact]
    public async Task Remote_RunsOnTheBridge_PermissionAnsweredInTheTerminal()
    {
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("remote", "touch made-remotely.txt"));

        await terminal.Out.WaitForAsync("Allow", TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(Path.Combine(_repo.Path, "made-remotely.txt")));
        await terminal.TypeAsync("y");
        await terminal.Out.WaitForAsync("✓ Done", TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(Path.Combine(_repo.Path, "made-remotely.txt")));

        // A second prompt from the same terminal, then end of input: attach leaves after that turn's result.
        await terminal.TypeAsync("touch second.txt");
        await Eventually.TrueAsync(() => terminal.Out.Text.Split("[y]es").Length == 3, TimeSpan.FromSeconds(30), "the second permission prompt");
        await terminal.TypeAsync("n");
        await terminal.CloseInputAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(File.Exists(Path.Combine(_repo.Path, "second.txt")));
        Assert.Contains("Denied.", terminal.Out.Text);
    }

    [Fact]
    public async Task Viewer_WatchesABridgeSessionWhileAnotherClientDrivesIt()
    {
        await using var driver = new TestTerminal();
        var drive = driver.RunAsync(Args("remote", "touch watched.txt"));
        await driver.Out.WaitForAsync("Allow", TimeSpan.FromSeconds(30));
        var id = driver.Out.Text.Split("Started ")[1].Split(' ')[0];

        await using var viewer = new TestTerminal();
        var watch = viewer.RunAsync(Args("attach", id, "--viewer"));
        await viewer.Out.WaitForAsync("waiting for an answer from another client");

        await driver.TypeAsync("y");
        await viewer.Out.WaitForAsync("answered elsewhere (allow)", TimeSpan.FromSeconds(30));
        await viewer.Out.WaitForAsync("✓ Done", TimeSpan.FromSeconds(30));
        viewer.Interrupts.Press();
        Assert.Equal(0, await watch.WaitAsync(TimeSpan.FromSeconds(10)));

        await driver.CloseInputAsync();
        Assert.Equal(0, await drive.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
