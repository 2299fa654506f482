using System.Diagnostics;
using Tether.Bridge.Agents;
using Tether.Testing;

namespace Tether.Bridge.Tests.Agents;

public sealed class AgentProcessTests
{
    private static readonly IReadOnlyDictionary<string, string?> s_noEnvironmentChanges = new Dictionary<string, string?>();

    private static AgentProcess StartShell(string script, AgentProcessOptions? options = null, IReadOnlyDictionary<string, string?>? environment = null, params string[] extra) =>
        AgentProcess.Start(new AgentStartInfo("/bin/sh", ["-c", script, "sh", .. extra], Path.GetTempPath(), environment ?? s_noEnvironmentChanges), options);

    private static async Task<List<AgentOutput>> ReadAllAsync(AgentProcess process, CancellationToken cancellationToken)
    {
        var items = new List<AgentOutput>();
        await foreach (var item in process.Output.ReadAllAsync(cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    [Fact]
    public async Task Reads_lines_in_order_and_reports_a_clean_exit()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var process = StartShell("printf '{\"n\":1}\\n{\"n\":2}\\r\\n\\n{\"n\":3}\\n'; echo 'not json'");

        var items = await ReadAllAsync(process, cts.Token);
        var result = await process.Completion.WaitAsync(cts.Token);

        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "not json"], items.Select(i => i.Text));
        Assert.Equal([AgentOutputKind.Line, AgentOutputKind.Line, AgentOutputKind.Line, AgentOutputKind.InvalidJson], items.Select(i => i.Kind));
        Assert.Equal(AgentExitStatus.Completed, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
    }

    [Fact]
    public async Task A_flood_is_read_completely_with_back_pressure()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = AgentProcessOptions.Default with { OutputCapacity = 16 };
        await using var process = StartShell("seq 0 99999 | sed 's/.*/{\"n\":&}/'", options);

        // Nobody reads yet: the channel fills to its bound and the child has to wait.
        await Eventually.TrueAsync(() => process.Output.Count == 16, because: "the output channel fills");
        Assert.False(process.Completion.IsCompleted);
        Assert.Equal(16, process.Output.Count);

        var expected = 0;
        await foreach (var item in process.Output.ReadAllAsync(cts.Token))
        {
            Assert.True(process.Output.Count <= 16);
            Assert.Equal($"{{\"n\":{expected}}}", item.Text);
            expected++;
        }

        Assert.Equal(100_000, expected);
        Assert.Equal(AgentExitStatus.Completed, (await process.Completion.WaitAsync(cts.Token)).Status);
    }

    [Fact]
    public async Task An_oversize_line_becomes_an_error_item_and_later_lines_still_arrive()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var process = StartShell("echo '{\"before\":1}'; head -c 10485760 /dev/zero | tr '\\0' 'x'; echo; echo '{\"after\":1}'");

        var items = await ReadAllAsync(process, cts.Token);

        Assert.Equal([AgentOutputKind.Line, AgentOutputKind.LineTooLong, AgentOutputKind.Line], items.Select(i => i.Kind));
        Assert.Equal(10_485_760, items[1].Length);
        Assert.Equal("{\"after\":1}", items[2].Text);
        Assert.Equal(AgentExitStatus.Completed, (await process.Completion.WaitAsync(cts.Token)).Status);
    }

    [Fact]
    public async Task A_crash_is_a_failure_with_the_stderr_tail()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var process = StartShell("i=0; while [ $i -lt 250 ]; do echo \"noise $i\" >&2; i=$((i+1)); done; echo 'boom: it broke' >&2; echo '{\"a\":1}'; exit 3");

        var items = await ReadAllAsync(process, cts.Token);
        var result = await process.Completion.WaitAsync(cts.Token);

        Assert.Single(items);
        Assert.Equal(AgentExitStatus.Failed, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(200, result.StderrTail.Count);
        Assert.Equal("boom: it broke", result.StderrTail[^1]);
        Assert.Equal("noise 51", result.StderrTail[0]);
    }

    [Fact]
    public async Task Stop_sends_sigterm_and_a_child_that_honours_it_is_interrupted()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var process = StartShell("echo '{\"ready\":1}'; exec sleep 60");
        Assert.True(await process.Output.WaitToReadAsync(cts.Token));

        var stopping = process.StopAsync(TimeSpan.FromSeconds(20), cts.Token);
        var items = await ReadAllAsync(process, cts.Token);
        var result = await stopping;

        Assert.Single(items);
        Assert.Equal(AgentExitStatus.Interrupted, result.Status);
        Assert.Equal(AgentExitResult.SigTerm, result.Signal);
    }

    [Fact]
    public async Task A_child_that_ignores_sigterm_is_killed_with_its_tree_after_the_grace()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var process = StartShell("trap '' TERM; echo '{\"ready\":1}'; sleep 60; echo '{\"late\":1}'");
        Assert.True(await process.Output.WaitToReadAsync(cts.Token));
        var stopwatch = Stopwatch.StartNew();

        var stopping = process.StopAsync(TimeSpan.FromMilliseconds(300), cts.Token);
        var items = await ReadAllAsync(process, cts.Token);
        var result = await stopping;

        // The pipes closed, so the grandchild `sleep` (which holds them too) is dead as well.
        Assert.Equal(["{\"ready\":1}"], items.Select(i => i.Text));
        Assert.Equal(AgentExitStatus.Failed, result.Status);
        Assert.Equal(AgentExitResult.SigKill, result.Signal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Stdin_messages_round_trip_through_cat()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var process = AgentProcess.Start(new AgentStartInfo("cat", [], Path.GetTempPath(), s_noEnvironmentChanges));

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await process.WriteLineAsync($"{{\"type\":\"user\",\"n\":{i}}}", cts.Token));
        }

        process.CompleteInput();
        var items = await ReadAllAsync(process, cts.Token);

        Assert.Equal(["{\"type\":\"user\",\"n\":0}", "{\"type\":\"user\",\"n\":1}", "{\"type\":\"user\",\"n\":2}"], items.Select(i => i.Text));
        Assert.Equal(AgentExitStatus.Completed, (await process.Completion.WaitAsync(cts.Token)).Status);
        Assert.False(await process.WriteLineAsync("{}", cts.Token));
    }

    [Fact]
    public async Task Arguments_and_environment_changes_reach_the_child()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Environment.SetEnvironmentVariable("TETHER_TEST_REMOVE_ME", "present");
        var environment = new Dictionary<string, string?> { ["TETHER_TEST_ADDED"] = "added value", ["TETHER_TEST_REMOVE_ME"] = null };
        await using var process = StartShell(
            "printf '{\"arg\":\"%s\",\"added\":\"%s\",\"removed\":\"%s\"}\\n' \"$1\" \"$TETHER_TEST_ADDED\" \"${TETHER_TEST_REMOVE_ME:-gone}\"",
            environment: environment,
            extra: "one arg; $(not expanded)");

        var items = await ReadAllAsync(process, cts.Token);

        Assert.Equal("{\"arg\":\"one arg; $(not expanded)\",\"added\":\"added value\",\"removed\":\"gone\"}", Assert.Single(items).Text);
    }

    [Fact]
    public async Task A_missing_executable_is_a_failed_result_not_an_exception()
    {
        await using var process = AgentProcess.Start(new AgentStartInfo("/nonexistent/agent", [], Path.GetTempPath(), s_noEnvironmentChanges));

        var result = await process.Completion;

        Assert.False(process.Started);
        Assert.Equal(AgentExitStatus.Failed, result.Status);
        Assert.Null(result.ExitCode);
        Assert.Contains("/nonexistent/agent", result.Error);
        Assert.False(await process.Output.WaitToReadAsync());
    }

    [Fact]
    public async Task A_grandchild_holding_the_pipes_does_not_hold_up_the_exit()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var options = AgentProcessOptions.Default with { DrainIdleTimeout = TimeSpan.FromMilliseconds(200) };
        await using var process = StartShell("sleep 3 & echo '{\"a\":1}'", options);

        var items = await ReadAllAsync(process, cts.Token);
        var result = await process.Completion.WaitAsync(TimeSpan.FromSeconds(2.5), cts.Token);

        Assert.Single(items);
        Assert.Equal(AgentExitStatus.Completed, result.Status);
    }
}
