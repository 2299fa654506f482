using System.Diagnostics;
using Tether.Bridge;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>Worktree mode, capacity, graceful shutdown and a server restart, with the built-in agent as a real child.</summary>
public sealed class BridgeLifecycleTests
{
    [Fact]
    public async Task WorktreeMode_FileLandsInTheWorktree_WhichIsGoneWithItsBranchAfterTheSession()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var repo = new TempDirectory("bridge-repo");
        await GitAsync(repo.Path, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "README"), "hi\n");
        await GitAsync(repo.Path, "add", "README");
        await GitAsync(repo.Path, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "init");
        await using var bridge = await BridgeHarness.StartAsync(server, repo.Path, SpawnMode.Worktree);
        using var http = server.CreateClient();
        var api = new SessionApi(http);

        var sessionId = await api.CreateOnAsync(bridge.EnvironmentId);
        await api.PromptAsync(sessionId, "pwd > where.txt");
        var ask = await api.WaitForEventAsync(sessionId, IsCanUseTool, "the agent asks");
        var worktree = bridge.Observer.Started[sessionId].Directory!;
        Assert.StartsWith(Path.Combine(repo.Path, ".tether", "worktrees"), worktree, StringComparison.Ordinal);
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        await api.WaitForEventAsync(sessionId, IsResult, "the turn finishes");
        Assert.Equal(worktree, (await File.ReadAllTextAsync(Path.Combine(worktree, "where.txt"))).Trim());
        Assert.False(File.Exists(Path.Combine(repo.Path, "where.txt")));

        // Archiving ends the session; the bridge stops the child and removes the worktree and its branch.
        using (var archived = await http.PostAsync($"/v1/sessions/{sessionId}/archive", ApiJson.Body("{}")))
        {
            Assert.True(archived.IsSuccessStatusCode);
        }

        // The bridge removes the worktree first and its branch right after, so wait for both.
        await Eventually.TrueAsync(
            async () => !Directory.Exists(worktree) && !(await GitAsync(repo.Path, "branch", "--list")).Contains("tether/bridge-", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the worktree and its branch are removed");
    }

    [Fact]
    public async Task CapacityOne_SecondSessionWaitsUntilTheFirstEnds()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var dir = new TempDirectory("bridge-dir");
        await using var bridge = await BridgeHarness.StartAsync(server, dir.Path, capacity: 1);
        using var http = server.CreateClient();
        var api = new SessionApi(http);

        var first = await api.CreateOnAsync(bridge.EnvironmentId);
        await Eventually.TrueAsync(() => bridge.Observer.Started.ContainsKey(first), because: "the first session starts");
        var second = await api.CreateOnAsync(bridge.EnvironmentId);
        await api.PromptAsync(second, "echo second > second.txt");
        var createdAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // The bridge is busy, not stuck: it heartbeats the first session's work after the second was queued, and still
        // leaves the second alone.
        await Eventually.TrueAsync(async () => await LastHeartbeatAsync(server, first) > createdAt, TimeSpan.FromSeconds(20), "the bridge heartbeats its running work");
        Assert.False(bridge.Observer.Started.ContainsKey(second), "capacity 1 must hold the second session back");

        using (var archived = await http.PostAsync($"/v1/sessions/{first}/archive", ApiJson.Body("{}")))
        {
            Assert.True(archived.IsSuccessStatusCode);
        }

        await Eventually.TrueAsync(() => bridge.Observer.Started.ContainsKey(second), TimeSpan.FromSeconds(30), "the second session starts once the first ended");
        await api.WaitForEventAsync(second, IsCanUseTool, "the second session's prompt reaches its agent");
    }

    private static async Task<long> LastHeartbeatAsync(LoopbackServer server, string sessionId)
    {
        Tether.Protocol.Ids.SessionIds.TryGetBody(sessionId, out var body);
        await using var connection = await server.GetRequiredService<Tether.Server.Store.Database>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(last_heartbeat_at) FROM work_items WHERE session_id = @s";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@s";
        parameter.Value = body;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync() is long value ? value : 0;
    }

    [Fact]
    public async Task GracefulShutdown_WithARunningSession_CleansUpEverything()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var repo = new TempDirectory("bridge-repo");
        await GitAsync(repo.Path, "init", "-q", "-b", "main");
        await GitAsync(repo.Path, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "init");
        var bridge = await BridgeHarness.StartAsync(server, repo.Path, SpawnMode.Worktree);
        using var http = server.CreateClient();
        var api = new SessionApi(http);
        var sessionId = await api.CreateOnAsync(bridge.EnvironmentId);
        await api.PromptAsync(sessionId, "sleep 60");
        var ask = await api.WaitForEventAsync(sessionId, IsCanUseTool, "the agent asks");
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        var worktree = bridge.Observer.Started[sessionId].Directory!;
        await Eventually.TrueAsync(() => ProcessesIn(worktree).Any(p => SafeCommandLine(p).Contains("sleep 60", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the command runs in the session's worktree");
        var environmentId = bridge.EnvironmentId;

        var exit = await bridge.StopAsync();
        await bridge.DisposeAsync();

        Assert.Equal(BridgeExitKind.Stopped, exit.Kind);
        Assert.False(Directory.Exists(worktree));
        Assert.Equal("archived", await api.StatusAsync(sessionId));
        var environments = await http.GetNodeAsync("/v1/environment_providers");
        Assert.DoesNotContain(environments["environments"]!.AsArray(), e => (string?)e!["environment_id"] == environmentId && (string?)e["state"] == "active");
        Assert.Empty(ProcessesIn(worktree));
    }

    /// <summary>Processes whose working directory is in <paramref name="directory"/> (only this test's children run there).</summary>
    private static List<Process> ProcessesIn(string directory) =>
        [.. Process.GetProcesses().Where(p =>
        {
            try
            {
                var cwd = new FileInfo($"/proc/{p.Id}/cwd").LinkTarget ?? "";
                return cwd.StartsWith(directory, StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        })];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ServerRestart_WhileASessionRuns_TheSessionContinuesWithoutLostOrDoubledEvents(bool codeSessions)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var dir = new TempDirectory("bridge-dir");
        await using var bridge = await BridgeHarness.StartAsync(server, dir.Path);
        using var before = server.CreateClient();
        await new SessionApi(before).UseCodeSessionsAsync(codeSessions);
        var sessionId = await new SessionApi(before).CreateOnAsync(bridge.EnvironmentId);
        await new SessionApi(before).PromptAsync(sessionId, "echo one >> log.txt");
        var firstAsk = await new SessionApi(before).WaitForEventAsync(sessionId, IsCanUseTool, "first prompt asks");
        await new SessionApi(before).AnswerAsync(sessionId, (string)firstAsk["request_id"]!, allow: true);
        await new SessionApi(before).WaitForEventAsync(sessionId, IsResult, "first turn ends");

        await server.RestartAsync();

        using var http = server.CreateClient();
        var api = new SessionApi(http);
        await api.PromptAsync(sessionId, "echo two >> log.txt");
        var ask = await api.WaitForEventAsync(sessionId, e => IsCanUseTool(e) && (string?)e["request"]!["input"]!["command"] == "echo two >> log.txt",
            "the second prompt reaches the agent after the restart", TimeSpan.FromSeconds(45));
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        await Eventually.TrueAsync(async () => (await api.EventsAsync(sessionId)).Count(IsResult) == 2, TimeSpan.FromSeconds(30), "the second turn ends");

        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "log.txt")));
        var events = await api.EventsAsync(sessionId);
        var seqs = events.Select(e => (long)e["sequence_num"]!).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        var originals = events.Where(e => e["isReplay"]?.GetValue<bool>() != true).ToList();
        Assert.Equal(originals.Count, originals.Select(e => (string?)e["uuid"]).Distinct().Count());
        Assert.Equal(2, events.Count(IsCanUseTool));
        BridgeFlowTests.AssertProtocol(bridge, codeSessions);
    }

    private static string SafeCommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
