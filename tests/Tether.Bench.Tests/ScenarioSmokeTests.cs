using System.Text.Json;
using Xunit.Abstractions;

namespace Tether.Bench.Tests;

/// <summary>
/// Smoke only: each scenario runs for about a second with tiny parameters and prints one valid JSON object with its
/// headline fields. The numbers themselves are not checked; benchmarks never decide whether the suite passes.
/// </summary>
public sealed class ScenarioSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Relay_emits_latency_for_tether_and_the_baseline()
    {
        var json = await RunAsync("relay", "--sessions", "2", "--viewers", "2", "--rate", "100", "--warmup", "0.3", "--duration", "1", "--rounds", "1");
        AssertNumbers(json, "p50_ms", "p99_ms", "baseline_p50_ms", "baseline_p99_ms", "events_per_s", "deliveries_per_s");
        Assert.Equal(0, json.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Relay_speaks_the_v2_worker_wire_too()
    {
        var json = await RunAsync("relay", "--wire", "v2", "--only", "tether", "--sessions", "1", "--viewers", "2", "--rate", "100", "--warmup", "0.3", "--duration", "1", "--rounds", "1");
        AssertNumbers(json, "p50_ms", "p99_ms", "deliveries_per_s");
        Assert.Equal("v2", json.GetProperty("wire").GetString());
        Assert.Equal(0, json.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Ingest_emits_the_sustained_rate()
    {
        var json = await RunAsync("ingest", "--sessions", "2", "--rates", "100", "--step-seconds", "1", "--warmup", "0.2");
        AssertNumbers(json, "sqlite_events_per_s");
        Assert.True(json.GetProperty("sqlite_steps").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task Dispatch_emits_poll_wake_latency()
    {
        var json = await RunAsync("dispatch", "--iterations", "5", "--park-ms", "10");
        AssertNumbers(json, "p50_ms", "p99_ms");
    }

    [Fact]
    public async Task Servers_run_in_child_processes_by_default()
    {
        var json = await RunAsync("dispatch", "--host", "process", "--iterations", "3", "--park-ms", "10");
        AssertNumbers(json, "p50_ms");
    }

    [Fact]
    public async Task Idle_emits_memory_per_connection()
    {
        var json = await RunAsync("idle", "--viewers", "20", "--bridges", "5", "--sessions", "2");
        AssertNumbers(json, "kb_per_viewer", "kb_per_poll", "baseline_kb_per_viewer");
    }

    [Fact]
    public async Task Storm_resumes_every_viewer_without_gaps()
    {
        var json = await RunAsync("storm", "--viewers", "20", "--sessions", "2", "--rate", "20", "--settle-ms", "300", "--gap-ms", "200", "--jitter-ms", "100", "--timeout", "20");
        AssertNumbers(json, "all_resumed_s", "resume_p99_ms");
        Assert.Equal(0, json.GetProperty("not_resumed").GetInt32());
        Assert.Equal(0, json.GetProperty("gaps").GetInt32());
        Assert.Equal(0, json.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Bridge_relays_every_line_of_its_children()
    {
        var json = await RunAsync("bridge", "--sessions", "1", "--rate", "50", "--warmup", "0.5", "--duration", "1", "--scale-sessions", "2", "--flood-lines", "20", "--timeout", "30");
        AssertNumbers(json, "p50_ms", "direct_p50_ms", "added_p50_ms", "scale_lines_per_s");
        Assert.Equal(0, json.GetProperty("scale_missing").GetInt32());
        Assert.Equal(0, json.GetProperty("scale_out_of_order").GetInt32());
    }

    [Fact]
    public async Task Micro_smoke_times_every_hot_path()
    {
        var json = await RunAsync("micro", "--smoke");
        Assert.True(json.GetProperty("benchmarks").GetArrayLength() >= 5);
    }

    [Fact]
    public async Task Unknown_options_are_refused()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BenchProgram.RunAsync(["relay", "--sesions", "2"], stdout, stderr, CancellationToken.None);
        Assert.Equal(64, exit);
        Assert.Contains("--sesions", stderr.ToString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAsync(string scenario, params string[] options)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        string[] host = options.Contains("--host") ? [] : ["--host", "inproc"];
        var exit = await BenchProgram.RunAsync([scenario, "--json", .. host, .. options], stdout, stderr, timeout.Token);
        output.WriteLine(stderr.ToString());
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        var document = JsonDocument.Parse(line);
        Assert.Equal(scenario, document.RootElement.GetProperty("scenario").GetString());
        return document.RootElement.Clone();
    }

    private static void AssertNumbers(JsonElement json, params string[] fields)
    {
        foreach (var field in fields)
        {
            Assert.True(json.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number, $"{field} is not a number in {json}");
        }
    }
}
