using Tether.Cli.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Cli.Tests.Remote;

public sealed class RemoteCommandTests : CommandTests
{
    [Fact]
    public async Task Remote_CreatesSessionWithModeThenPrompt_AndAttaches()
    {
        var env = await Environments.RegisterAsync(Api, "laptop");
        await using var terminal = new TestTerminal();
        await terminal.CloseInputAsync();
        var run = terminal.RunAsync(Args("remote", "make the build green", "--model", "claude-test", "--permission-mode", "acceptEdits"));

        await terminal.Out.WaitForAsync("Attached to make the build green");
        var session = (await Api.GetNodeAsync("/v1/sessions"))["data"]!.AsArray().Single()!;
        var id = session["id"]!.GetValue<string>();
        Assert.Equal(env, session["environment_id"]!.GetValue<string>());
        Assert.Equal("claude-test", session["session_context"]!["model"]!.GetValue<string>());
        var events = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray();
        Assert.Equal("control_request", events[0]!["type"]!.GetValue<string>());
        Assert.Equal("set_permission_mode", events[0]!["request"]!["subtype"]!.GetValue<string>());
        Assert.Equal("acceptEdits", events[0]!["request"]!["mode"]!.GetValue<string>());
        Assert.StartsWith("set-mode-", events[0]!["request_id"]!.GetValue<string>());
        Assert.Equal("user", events[1]!["type"]!.GetValue<string>());
        Assert.Equal("make the build green", events[1]!["message"]!["content"]!.GetValue<string>());

        // Stdin is closed, so attach waits for the first turn's result and then exits.
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("Build is green now."), WorkerEventLog.Result());
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Build is green now.", terminal.Out.Text);
    }

    [Fact]
    public async Task Remote_FromAGitCheckout_RecordsTheRepositoryAsTheSource()
    {
        await Environments.RegisterAsync(Api, "laptop");
        using var repo = new TempDirectory("tether-remote-repo");
        foreach (var args in new[] { ["init", "-q", "-b", "feature/x"], new[] { "remote", "add", "origin", "git@github.com:Acme/Widgets.git" } })
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", args) { WorkingDirectory = repo.Path })!;
            await git.WaitForExitAsync();
        }

        await using var terminal = new TestTerminal(currentDirectory: repo.Path);
        await terminal.CloseInputAsync();
        var run = terminal.RunAsync(Args("remote", "hello repo"));
        await terminal.Out.WaitForAsync("Attached to");

        var source = (await Api.GetNodeAsync("/v1/sessions"))["data"]![0]!["session_context"]!["sources"]![0]!;
        Assert.Equal("git_repository", source["type"]!.GetValue<string>());
        Assert.Equal("https://github.com/Acme/Widgets", source["url"]!.GetValue<string>());
        Assert.Equal("feature/x", source["revision"]!.GetValue<string>());
        terminal.Interrupts.Press();
        terminal.Interrupts.Press();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Remote_SeveralEnvironments_WithoutTerminal_ListsThem()
    {
        await Environments.RegisterAsync(Api, "laptop");
        await Environments.RegisterAsync(Api, "desktop");
        await using var terminal = new TestTerminal();

        Assert.Equal(1, await terminal.RunAsync(Args("remote", "hello")));

        Assert.Contains("--env NAME|ID", terminal.Error.Text);
        Assert.Contains("laptop", terminal.Error.Text);
        Assert.Contains("desktop", terminal.Error.Text);
        Assert.Empty((await Api.GetNodeAsync("/v1/sessions"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Remote_SeveralEnvironments_OnATerminal_AsksWhichOne()
    {
        await Environments.RegisterAsync(Api, "laptop");
        var desktop = await Environments.RegisterAsync(Api, "desktop");
        await using var terminal = new TestTerminal();
        terminal.With(h => h with { InputIsTerminal = true });
        var run = terminal.RunAsync(Args("remote", "hello"));

        await terminal.Out.WaitForAsync("Run on which one?");
        var choice = terminal.Out.Text.Split('\n').First(l => l.Contains("desktop")).Trim()[0].ToString();
        await terminal.TypeAsync(choice);
        await terminal.Out.WaitForAsync("Attached to hello");
        Assert.Equal(desktop, (await Api.GetNodeAsync("/v1/sessions"))["data"]![0]!["environment_id"]!.GetValue<string>());
        terminal.Interrupts.Press();
        terminal.Interrupts.Press();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Remote_EnvByName_PicksIt_AndUnknownNameIsAnError()
    {
        await Environments.RegisterAsync(Api, "laptop");
        await using var terminal = new TestTerminal();
        Assert.Equal(1, await terminal.RunAsync(Args("remote", "hello", "--env", "nope")));
        Assert.Contains("No environment 'nope'", terminal.Error.Text);
    }
}
