using System.Diagnostics;
using Tether.Bench.Hosting;
using Tether.Bench.Load;
using Tether.Bench.Reporting;

namespace Tether.Bench.Scenarios;

/// <summary>
/// <c>dispatch</c>: a bridge's long poll is parked on an environment; the time from the user's <c>POST /v1/sessions</c>
/// on that environment to the poll returning the work. On one node (SQLite), and across two nodes sharing PostgreSQL
/// (the poll on one, the create on the other) when <c>--pg</c> is given.
/// </summary>
internal static class DispatchScenario
{
    public sealed record Settings(int Iterations, int CrossIterations, int ParkMs);

    public static Settings Read(BenchArgs args) => new(args.Int("iterations", 200), args.Int("cross-iterations", 50), args.Int("park-ms", 20));

    public static async Task<ScenarioResult> RunAsync(Settings settings, BenchContext context, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("dispatch");
        result.Header.AddRange(["path", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "create p50 ms", "wake p50 ms", "wake p99 ms", "goal p99 ms"]);
        result.Set("iterations", settings.Iterations).Set("park_ms", settings.ParkMs);

        await using (var server = await BenchServer.StartAsync(context.Spec(ServerKind.Tether, "dispatch"), context.Host, cancellationToken))
        {
            context.Progress($"dispatch: one node (sqlite), {settings.Iterations} sessions");
            using var api = new TetherApi(server);
            var one = await MeasureAsync(api, api, settings.Iterations, settings.ParkMs, cancellationToken);
            Row(result, "one node (sqlite)", one, 10.0);
            result.Set("p50_ms", one.Latency.PercentileMs(50)).Set("p90_ms", one.Latency.PercentileMs(90)).Set("p99_ms", one.Latency.PercentileMs(99)).Set("max_ms", one.Latency.MaxMs)
                .Set("create_p50_ms", one.Create.PercentileMs(50)).Set("wake_p50_ms", one.Wake.PercentileMs(50)).Set("wake_p99_ms", one.Wake.PercentileMs(99))
                .Set("goal_p99_ms", 10.0).Set("goal_met", one.Latency.PercentileMs(99) <= 10);
        }

        if (context.Postgres is { } pg)
        {
            await using var store = await StoreSetup.PostgresAsync(pg, "bench_dispatch");
            await using var nodeA = await BenchServer.StartAsync(context.Spec(ServerKind.Tether, "dispatch-a", store.ConnectionString), context.Host, cancellationToken);
            await using var nodeB = await BenchServer.StartAsync(context.Spec(ServerKind.Tether, "dispatch-b", store.ConnectionString), context.Host, cancellationToken);
            using var bridgeSide = new TetherApi(nodeA);
            using var userSide = new TetherApi(nodeB);

            context.Progress($"dispatch: two nodes on postgres, same node first ({settings.CrossIterations})");
            var same = await MeasureAsync(bridgeSide, bridgeSide, settings.CrossIterations, settings.ParkMs, cancellationToken);
            Row(result, "one node (postgres)", same, 10.0);
            result.Set("postgres_p50_ms", same.Latency.PercentileMs(50)).Set("postgres_p99_ms", same.Latency.PercentileMs(99))
                .Set("postgres_wake_p50_ms", same.Wake.PercentileMs(50)).Set("postgres_wake_p99_ms", same.Wake.PercentileMs(99));

            context.Progress($"dispatch: across nodes ({settings.CrossIterations}): poll on A, create on B");
            var cross = await MeasureAsync(bridgeSide, userSide, settings.CrossIterations, settings.ParkMs, cancellationToken);
            Row(result, "across nodes (postgres)", cross, 50.0);
            result.Set("cross_node_p50_ms", cross.Latency.PercentileMs(50)).Set("cross_node_p99_ms", cross.Latency.PercentileMs(99)).Set("cross_node_max_ms", cross.Latency.MaxMs)
                .Set("cross_node_wake_p50_ms", cross.Wake.PercentileMs(50)).Set("cross_node_wake_p99_ms", cross.Wake.PercentileMs(99))
                .Set("goal_cross_node_p99_ms", 50.0).Set("cross_node_goal_met", cross.Latency.PercentileMs(99) <= 50);
        }

        result.Notes.Add("latency = from sending POST /v1/sessions {environment_id} to the parked GET …/work/poll returning the work (claimed, with its secret);");
        result.Notes.Add("wake = the part after the POST answered, i.e. from the work item being committed (enqueued) to the poll returning it");
        result.Notes.Add("durability: the work item is committed before the poll can claim it (SQLite WAL synchronous=NORMAL; PostgreSQL synchronous_commit=on)");
        return result;
    }

    private sealed record Measured(LatencySamples Latency, LatencySamples Create, LatencySamples Wake);

    private static void Row(ScenarioResult result, string path, Measured m, double goal) =>
        result.Row(path, m.Latency.Count, m.Latency.PercentileMs(50), m.Latency.PercentileMs(90), m.Latency.PercentileMs(99), m.Latency.MaxMs,
            m.Create.PercentileMs(50), m.Wake.PercentileMs(50), m.Wake.PercentileMs(99), goal);

    private static async Task<Measured> MeasureAsync(
        TetherApi bridge, TetherApi user, int iterations, int parkMs, CancellationToken cancellationToken)
    {
        var (environmentId, secret) = await bridge.RegisterEnvironmentAsync(maxSessions: 4, cancellationToken);
        var latency = new LatencySamples();
        var create = new LatencySamples();
        var wake = new LatencySamples();
        // Warm the paths once, unmeasured.
        await DispatchOnceAsync(bridge, user, environmentId, secret, parkMs, cancellationToken);
        for (var i = 0; i < iterations; i++)
        {
            var (total, created) = await DispatchOnceAsync(bridge, user, environmentId, secret, parkMs, cancellationToken);
            latency.Add(total);
            create.Add(created);
            wake.Add(total - created);
        }

        return new Measured(latency, create, wake);
    }

    private static async Task<(long Total, long Create)> DispatchOnceAsync(
        TetherApi bridge, TetherApi user, string environmentId, string secret, int parkMs, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var poll = bridge.PollAsync(environmentId, secret, timeout.Token);
        await Task.Delay(parkMs, timeout.Token);
        if (poll.IsCompleted)
        {
            throw new InvalidOperationException("the poll answered before any work was queued: " + (await poll)?.ToJsonString());
        }

        var start = Stopwatch.GetTimestamp();
        await user.CreateSessionAsync(environmentId, timeout.Token);
        var created = Stopwatch.GetTimestamp();
        var work = await poll;
        while (work is null)
        {
            // The hold ended first (only possible when nothing woke the poll); the next poll claims it.
            work = await bridge.PollAsync(environmentId, secret, timeout.Token);
        }

        var done = Stopwatch.GetTimestamp();
        await bridge.AckAsync(environmentId, work, timeout.Token);
        await bridge.StopAsync(environmentId, work, timeout.Token);
        return (done - start, created - start);
    }
}
