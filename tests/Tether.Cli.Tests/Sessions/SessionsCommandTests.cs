using System.Text.Json.Nodes;
using Tether.Cli.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Cli.Tests.Sessions;

public sealed class SessionsCommandTests : CommandTests
{
    [Fact]
    public async Task List_ShowsStatusTitleEnvironmentAndUpdated()
    {
        var env = await Environments.RegisterAsync(Api, "laptop");
        var first = await Api.CreateSessionAsync("fix the flaky test");
        var node = await Api.PostJsonAsync("/v1/sessions", new JsonObject { ["title"] = "on the laptop", ["environment_id"] = env }.ToJsonString());
        await using var terminal = new TestTerminal();

        Assert.Equal(0, await terminal.RunAsync(Args("sessions")));

        var lines = terminal.Out.Text.TrimEnd().Split('\n');
        Assert.StartsWith("ID", lines[0]);
        Assert.Contains("STATUS", lines[0]);
        Assert.Contains("ENVIRONMENT", lines[0]);
        Assert.Contains(lines, l => l.Contains(first) && l.Contains("idle") && l.Contains("fix the flaky test") && l.Contains("just now"));
        Assert.Contains(lines, l => l.Contains(node["id"]!.GetValue<string>()) && l.Contains("laptop"));
    }

    [Fact]
    public async Task ListJson_IsAnArrayOfSessionResources()
    {
        var id = await Api.CreateSessionAsync("json please");
        await using var terminal = new TestTerminal();

        Assert.Equal(0, await terminal.RunAsync(Args("sessions", "list", "--json")));

        var array = JsonNode.Parse(terminal.Out.Text)!.AsArray();
        Assert.Equal(id, array.Single()!["id"]!.GetValue<string>());
        Assert.Equal("idle", array.Single()!["session_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ShowRenameArchive_RoundTrip()
    {
        var id = await Api.CreateSessionAsync("old title");
        await using var terminal = new TestTerminal();

        Assert.Equal(0, await terminal.RunAsync(Args("sessions", "rename", id, "new title")));
        Assert.Contains("new title", terminal.Out.Text);
        Assert.Equal(0, await terminal.RunAsync(Args("sessions", "show", id)));
        Assert.Contains("title        new title", terminal.Out.Text);
        Assert.Equal(0, await terminal.RunAsync(Args("sessions", "archive", id)));
        Assert.Contains($"Archived {id}", terminal.Out.Text);
        Assert.Equal("archived", (await Api.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>());
        Assert.Equal(0, await terminal.RunAsync(Args("sessions", "archive", id)));
        Assert.Contains("already archived", terminal.Out.Text);
    }

    [Fact]
    public async Task Show_UnknownSession_IsAnErrorWithExitCode1()
    {
        await using var terminal = new TestTerminal();
        Assert.Equal(1, await terminal.RunAsync(Args("sessions", "show", "session_nope")));
        Assert.Contains("not found", terminal.Error.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NoServer_SaysHowToLogIn()
    {
        await using var terminal = new TestTerminal();
        Assert.Equal(1, await terminal.RunAsync("sessions"));
        Assert.Contains("tether login --server URL", terminal.Error.Text);
    }

    [Fact]
    public async Task ServerWithoutToken_SaysHowToLogInThere()
    {
        await using var terminal = new TestTerminal();
        terminal.SetEnvironment("TETHER_SERVER", Server.BaseAddress.ToString());
        Assert.Equal(1, await terminal.RunAsync("sessions"));
        Assert.Contains($"tether login --server {Server.BaseAddress.ToString().TrimEnd('/')}", terminal.Error.Text);
    }

    [Fact]
    public async Task StoredLogin_IsUsed_AndTheOnlyStoredServerNeedsNoFlag()
    {
        var id = await Api.CreateSessionAsync("via the stored login");
        using var config = new TempDirectory("tether-config");
        await new Tether.Client.Credentials.CredentialStore(config.Path).SaveAsync(
            Server.BaseAddress.ToString(), new Tether.Client.Credentials.StoredCredential { Token = LoopbackServer.OwnerToken }, CancellationToken.None);
        await using var terminal = new TestTerminal(configDirectory: config.Path);

        Assert.Equal(0, await terminal.RunAsync("sessions"));

        Assert.Contains(id, terminal.Out.Text);
    }

    [Fact]
    public async Task RefusedToken_SaysHowToLogIn_AndIsNotRetried()
    {
        await using var terminal = new TestTerminal();
        using var counter = new RequestCounter(Server.BaseAddress);
        terminal.SetEnvironment("TETHER_SERVER", Server.BaseAddress.ToString());
        terminal.SetEnvironment("TETHER_TOKEN", "not-a-real-token");

        Assert.Equal(1, await terminal.RunAsync("sessions", "list"));

        Assert.Contains("refused the token", terminal.Error.Text);
        Assert.Contains("tether login --server", terminal.Error.Text);
        Assert.Equal(1, counter.Count("GET"));
    }

    [Fact]
    public async Task List_ServerDown_RetriesOnTheDocumentedSchedule()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var terminal = new TestTerminal(time: time);
        var run = terminal.RunAsync("sessions", "--server", "http://127.0.0.1:1", "--token", "t");

        int[] schedule = [2, 4, 8, 16];
        for (var i = 0; i < schedule.Length; i++)
        {
            await Eventually.TrueAsync(() => time.ActiveTimers > 0 && time.RequestedDelays.Count == i + 1, because: $"the {schedule[i]} s retry timer");
            Assert.Equal(TimeSpan.FromSeconds(schedule[i]), time.RequestedDelays[i]);
            Assert.False(run.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(schedule[i]));
        }

        Assert.Equal(2, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Cannot reach", terminal.Error.Text);
    }
}
