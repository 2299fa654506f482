using Tether.Bench.Hosting;
using Tether.Bench.Load;
using Tether.Bench.Reporting;

namespace Tether.Bench.Scenarios;

/// <summary>
/// <c>idle</c>: K idle subscribed viewers and B parked long polls on one server; the server process's resident memory
/// (and managed heap, after a full GC) per connection. The baseline's idle subscriber is measured the same way.
/// </summary>
internal static class IdleScenario
{
    public sealed record Settings(int Viewers, int Bridges, int Sessions, int Concurrency);

    public static Settings Read(BenchArgs args) => new(args.Int("viewers", 10_000), args.Int("bridges", 1_000), args.Int("sessions", 100), args.Int("concurrency", 200));

    public static async Task<ScenarioResult> RunAsync(Settings settings, BenchContext context, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("idle");
        result.Header.AddRange(["server", "connections", "RSS before MB", "RSS after MB", "KB RSS / conn", "KB managed / conn", "connect failures", "server fds", "server threads", "goal KB"]);
        result.Set("viewers", settings.Viewers).Set("bridges", settings.Bridges).Set("sessions", settings.Sessions);
        if (context.Host == HostMode.InProcess)
        {
            result.Notes.Add("servers ran in the harness's process: the memory figures include the clients and mean nothing (smoke run)");
        }

        // Baseline: bare Kestrel WebSocket subscribers.
        await using (var baseline = await BenchServer.StartAsync(context.Spec(ServerKind.Baseline, "idle-baseline"), context.Host, cancellationToken))
        {
            context.Progress($"idle: baseline, {settings.Viewers} subscribers");
            var viewers = Enumerable.Range(0, settings.Viewers).Select(i => new Viewer(baseline.WebSocketUri($"/sub/{i % settings.Sessions}"), null)).ToList();
            var (before, half, after, failures) = await MeasureInHalvesAsync(baseline, viewers, settings.Concurrency, cancellationToken);
            var perConn = PerConnection(half, after, settings.Viewers - (settings.Viewers / 2));
            result.Row("baseline: idle WebSocket subscriber", settings.Viewers, Mb(before.RssBytes), Mb(after.RssBytes), perConn.Rss, perConn.Managed, failures, after.OpenFds, after.Threads, null);
            result.Set("baseline_kb_per_viewer", perConn.Rss).Set("baseline_managed_kb_per_viewer", perConn.Managed)
                .Set("baseline_kb_per_viewer_average", PerConnection(before, after, settings.Viewers).Rss);
            await CloseAllAsync(viewers);

            context.Progress($"idle: baseline, {settings.Bridges} bare parked requests");
            using var parkClient = TetherApi.CreateClient(baseline.BaseAddress);
            using var stopParking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var parked = new List<Task>();
            async Task ParkBareAsync(int count)
            {
                parked.AddRange(Enumerable.Range(0, count).Select(_ => BarePollLoopAsync(parkClient, stopParking.Token)));
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1.0, settings.Bridges / 2000.0)), cancellationToken);
            }

            var bBefore = await baseline.StatsAsync(collect: true, cancellationToken);
            await ParkBareAsync(settings.Bridges / 2);
            var bHalf = await baseline.StatsAsync(collect: true, cancellationToken);
            await ParkBareAsync(settings.Bridges - (settings.Bridges / 2));
            var bAfter = await baseline.StatsAsync(collect: true, cancellationToken);
            var bareCost = PerConnection(bHalf, bAfter, settings.Bridges - (settings.Bridges / 2));
            result.Row("baseline: bare parked HTTP request", settings.Bridges, Mb(bBefore.RssBytes), Mb(bAfter.RssBytes), bareCost.Rss, bareCost.Managed, 0, bAfter.OpenFds, bAfter.Threads, null);
            result.Set("baseline_kb_per_poll", bareCost.Rss).Set("baseline_managed_kb_per_poll", bareCost.Managed);
            await stopParking.CancelAsync();
            await Task.WhenAll(parked.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        await using var server = await BenchServer.StartAsync(context.Spec(ServerKind.Tether, "idle"), context.Host, cancellationToken);
        using var api = new TetherApi(server);
        context.Progress($"idle: tether, creating {settings.Sessions} sessions and {settings.Bridges} environments");
        var sessions = new List<string>();
        for (var s = 0; s < settings.Sessions; s++)
        {
            sessions.Add(await api.CreateSessionAsync(null, cancellationToken));
        }

        var environments = new List<(string Id, string Secret)>();
        for (var b = 0; b < settings.Bridges; b++)
        {
            environments.Add(await api.RegisterEnvironmentAsync(1, cancellationToken));
        }

        context.Progress($"idle: tether, {settings.Viewers} subscribed viewers");
        var tetherViewers = Enumerable.Range(0, settings.Viewers)
            .Select(i => new Viewer(server.WebSocketUri($"/v1/sessions/ws/{sessions[i % sessions.Count]}/subscribe"), ServerSpec.OwnerToken)).ToList();
        var (vBefore, vHalf, vAfter, vFailures) = await MeasureInHalvesAsync(server, tetherViewers, settings.Concurrency, cancellationToken);
        var viewerCost = PerConnection(vHalf, vAfter, settings.Viewers - (settings.Viewers / 2));
        result.Row("tether: subscribed viewer (WS)", settings.Viewers, Mb(vBefore.RssBytes), Mb(vAfter.RssBytes), viewerCost.Rss, viewerCost.Managed, vFailures, vAfter.OpenFds, vAfter.Threads, 16.0);
        result.Set("kb_per_viewer", viewerCost.Rss).Set("managed_kb_per_viewer", viewerCost.Managed).Set("viewer_connect_failures", vFailures)
            .Set("kb_per_viewer_average", PerConnection(vBefore, vAfter, settings.Viewers).Rss);

        context.Progress($"idle: tether, {settings.Bridges} parked long polls");
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pollLoops = new List<Task>();
        async Task ParkAsync(IEnumerable<(string Id, string Secret)> batch)
        {
            pollLoops.AddRange(batch.Select(e => PollLoopAsync(api, e.Id, e.Secret, stopPolling.Token)));
            // Every poll is parked once the server has accepted them all; the hold is 8 s, so none has returned yet.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1.0, settings.Bridges / 2000.0)), cancellationToken);
        }

        var pBefore = await server.StatsAsync(collect: true, cancellationToken);
        await ParkAsync(environments.Take(settings.Bridges / 2));
        var pHalf = await server.StatsAsync(collect: true, cancellationToken);
        await ParkAsync(environments.Skip(settings.Bridges / 2));
        var pAfter = await server.StatsAsync(collect: true, cancellationToken);
        var pollCost = PerConnection(pHalf, pAfter, settings.Bridges - (settings.Bridges / 2));
        result.Row("tether: parked long poll (HTTP)", settings.Bridges, Mb(pBefore.RssBytes), Mb(pAfter.RssBytes), pollCost.Rss, pollCost.Managed, 0, pAfter.OpenFds, pAfter.Threads, 8.0);
        result.Set("kb_per_poll", pollCost.Rss).Set("managed_kb_per_poll", pollCost.Managed).Set("kb_per_poll_average", PerConnection(pBefore, pAfter, settings.Bridges).Rss);
        var total = Mb(pAfter.RssBytes);
        result.Set("rss_mb_total", total);
        result.Set("goal_met", viewerCost.Rss <= 16 && pollCost.Rss <= 8);
        result.Notes.Add($"server RSS with {settings.Viewers} viewers + {settings.Bridges} parked polls: {total:0} MB (goal: 10,000 + 1,000 well under 1 GB)");
        result.Notes.Add("KB / conn = marginal cost of the second half of the connections (RSS = VmRSS after a full compacting GC; managed = GC heap after it); loopback, no TLS");

        await stopPolling.CancelAsync();
        await Task.WhenAll(pollLoops.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await CloseAllAsync(tetherViewers);
        return result;
    }

    private static async Task BarePollLoopAsync(HttpClient client, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/park", cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                return;
            }
        }
    }

    private static async Task PollLoopAsync(TetherApi api, string environmentId, string secret, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await api.PollAsync(environmentId, secret, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Connects the first half, measures, then the second half: the second half's cost per connection is the marginal
    /// one, free of one-time growth (thread pool, buffer pools, JIT) that the first connections pay for.
    /// </summary>
    private static async Task<(ServerStats Before, ServerStats Half, ServerStats After, int Failures)> MeasureInHalvesAsync(
        BenchServer server, List<Viewer> viewers, int concurrency, CancellationToken cancellationToken)
    {
        var before = await server.StatsAsync(collect: true, cancellationToken);
        var failures = await ViewerPool.ConnectAllAsync(viewers[..(viewers.Count / 2)], false, concurrency, 5, cancellationToken);
        await Task.Delay(500, cancellationToken);
        var half = await server.StatsAsync(collect: true, cancellationToken);
        failures += await ViewerPool.ConnectAllAsync(viewers[(viewers.Count / 2)..], false, concurrency, 5, cancellationToken);
        await Task.Delay(500, cancellationToken);
        var after = await server.StatsAsync(collect: true, cancellationToken);
        return (before, half, after, failures);
    }

    private static (double Rss, double Managed) PerConnection(ServerStats before, ServerStats after, int count) =>
        ((after.RssBytes - before.RssBytes) / 1024.0 / count, (after.ManagedBytes - before.ManagedBytes) / 1024.0 / count);

    private static double Mb(long bytes) => bytes / (1024.0 * 1024);

    private static async Task CloseAllAsync(List<Viewer> viewers)
    {
        foreach (var chunk in viewers.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(v => v.DisposeAsync().AsTask()));
        }
    }
}
