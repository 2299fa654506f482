using System.Diagnostics;
using Tether.Bench.Hosting;
using Tether.Bench.Load;
using Tether.Bench.Reporting;

namespace Tether.Bench.Scenarios;

/// <summary>
/// <c>relay</c>: N sessions, each with one worker writing at a fixed rate and M viewers on the real WebSocket; latency from
/// the worker's write to each viewer's receipt, for Tether (durable store, v1 ingress POST) and, in the same run, for the
/// bare Kestrel WebSocket broadcaster.
/// </summary>
internal static class RelayScenario
{
    public sealed record Settings(int Sessions, int ViewersPerSession, double Rate, double WarmupSeconds, double Seconds, int PayloadBytes, string Store, string Only, int Rounds, string Wire);

    public static Settings Read(BenchArgs args) => new(
        args.Int("sessions", 10),
        args.Int("viewers", 10),
        args.Double("rate", 1000),
        args.Double("warmup", 5),
        args.Double("duration", 10),
        args.Int("payload-bytes", 1024),
        args.String("store", "sqlite")!,
        args.String("only", "both")!,
        args.Int("rounds", 2),
        args.String("wire", "v1")!);

    public static async Task<ScenarioResult> RunAsync(Settings settings, BenchContext context, CancellationToken cancellationToken)
    {
        var padding = EventPayload.Padding(settings.PayloadBytes);
        await using var store = settings.Store == "postgres"
            ? await StoreSetup.PostgresAsync(context.Postgres ?? throw new ArgumentException("--store postgres needs --pg CONNECTION|auto"), "bench_relay")
            : StoreSetup.Sqlite();

        // Rounds alternate baseline and Tether, each measuring duration/rounds, so both see the same background noise.
        var baseline = RunOutcome.Empty;
        var tether = RunOutcome.Empty;
        var round = settings with { Seconds = settings.Seconds / Math.Max(1, settings.Rounds) };
        for (var r = 1; r <= Math.Max(1, settings.Rounds); r++)
        {
            if (settings.Only != "tether")
            {
                context.Progress($"relay round {r}: baseline, {settings.Sessions} sessions x {settings.ViewersPerSession} viewers at {settings.Rate} events/s");
                baseline = baseline.Merge(await RunBaselineAsync(round, padding, context, cancellationToken));
            }

            if (settings.Only != "baseline")
            {
                context.Progress($"relay round {r}: tether ({store.Kind}), same load");
                tether = tether.Merge(await RunTetherAsync(round, padding, store, context, cancellationToken));
            }
        }

        var result = new ScenarioResult("relay");
        result.Set("sessions", settings.Sessions).Set("viewers_per_session", settings.ViewersPerSession).Set("viewers", settings.Sessions * settings.ViewersPerSession)
            .Set("offered_events_per_s", settings.Rate).Set("payload_bytes", settings.PayloadBytes).Set("duration_s", settings.Seconds)
            .Set("store", store.Kind).Set("durability", store.Durability).Set("wire", settings.Wire)
            .Set("worker_write", settings.Wire == "v2" ? "v2 POST /v1/code/sessions/{id}/worker/events (one in flight per session)" : "v1 session-ingress POST (one in flight per session)")
            .Set("p50_ms", tether.Samples.PercentileMs(50)).Set("p90_ms", tether.Samples.PercentileMs(90)).Set("p99_ms", tether.Samples.PercentileMs(99))
            .Set("p999_ms", tether.Samples.PercentileMs(99.9)).Set("max_ms", tether.Samples.MaxMs)
            .Set("baseline_p50_ms", baseline.Samples.PercentileMs(50)).Set("baseline_p90_ms", baseline.Samples.PercentileMs(90))
            .Set("baseline_p99_ms", baseline.Samples.PercentileMs(99)).Set("baseline_p999_ms", baseline.Samples.PercentileMs(99.9)).Set("baseline_max_ms", baseline.Samples.MaxMs)
            .Set("p50_ratio", tether.Samples.PercentileMs(50) / baseline.Samples.PercentileMs(50))
            .Set("p99_ratio", tether.Samples.PercentileMs(99) / baseline.Samples.PercentileMs(99))
            .Set("events_per_s", tether.EventsPerSecond).Set("deliveries_per_s", tether.DeliveriesPerSecond)
            .Set("baseline_events_per_s", baseline.EventsPerSecond).Set("baseline_deliveries_per_s", baseline.DeliveriesPerSecond)
            .Set("server_cpu_us_per_delivery", tether.CpuMicrosPerDelivery).Set("baseline_cpu_us_per_delivery", baseline.CpuMicrosPerDelivery)
            .Set("samples", tether.Samples.Count).Set("baseline_samples", baseline.Samples.Count)
            .Set("errors", tether.Errors).Set("baseline_errors", baseline.Errors)
            .Set("goal_p50_ratio_max", 3.0).Set("goal_p99_ratio_max", 4.0)
            .Set("goal_met", tether.Errors == 0 && tether.Samples.PercentileMs(50) <= 3 * baseline.Samples.PercentileMs(50)
                && tether.Samples.PercentileMs(99) <= 4 * baseline.Samples.PercentileMs(99));

        result.Header.AddRange(["server", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "events/s", "deliveries/s", "server CPU µs/delivery", "errors"]);
        foreach (var (name, run) in new[] { ("baseline (bare Kestrel WS broadcast)", baseline), ($"tether ({store.Kind}, {settings.Wire} POST → WS)", tether) })
        {
            result.Row(name, run.Samples.PercentileMs(50), run.Samples.PercentileMs(90), run.Samples.PercentileMs(99), run.Samples.PercentileMs(99.9),
                run.Samples.MaxMs, run.EventsPerSecond, run.DeliveriesPerSecond, run.CpuMicrosPerDelivery, run.Errors);
        }

        result.Notes.Add($"ratio tether/baseline: p50 {Format(result.Get("p50_ratio"))}x (goal ≤ 3x), p99 {Format(result.Get("p99_ratio"))}x (goal ≤ 4x)");
        result.Notes.Add("durability: " + store.Durability);
        result.Set("server_stages", tether.Stages);
        for (var r = 0; r < tether.Stages.Count; r++)
        {
            result.Notes.Add($"tether server, round {r + 1}: {tether.Collections[r]}; stages (ms): {StageSummary.Describe(tether.Stages[r])}");
        }

        for (var r = 0; r < baseline.Collections.Count; r++)
        {
            result.Notes.Add($"baseline server, round {r + 1}: {baseline.Collections[r]}");
        }

        if (context.SvgDirectory is not null)
        {
            var path = Path.Combine(context.SvgDirectory, settings.Wire == "v1" ? $"relay-latency-{store.Kind}.svg" : $"relay-latency-{store.Kind}-{settings.Wire}.svg");
            SvgPlot.WritePercentiles(path, $"relay: worker write → viewer receipt ({settings.Rate:0} events/s, {settings.Sessions * settings.ViewersPerSession} viewers, {store.Kind})",
                [("baseline (bare Kestrel WebSocket broadcast)", baseline.Samples), ($"tether ({store.Kind}, durable)", tether.Samples)]);
            result.Set("svg", path);
            result.Notes.Add("plot: " + path);
        }

        return result;
    }

    private static string Format(object? value) => ScenarioResult.Format(value);

    private static async Task<RunOutcome> RunBaselineAsync(Settings settings, string padding, BenchContext context, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(context.Spec(ServerKind.Baseline, "baseline"), context.Host, cancellationToken);
        var viewers = new List<Viewer>();
        var publishers = new List<IPublisher>();
        try
        {
            for (var s = 0; s < settings.Sessions; s++)
            {
                for (var v = 0; v < settings.ViewersPerSession; v++)
                {
                    var viewer = new Viewer(server.WebSocketUri($"/sub/{s}"), token: null);
                    await viewer.ConnectAsync(resume: false, cancellationToken);
                    viewers.Add(viewer);
                }

                publishers.Add(await SocketPublisher.ConnectAsync(server.WebSocketUri($"/pub/{s}"), padding, cancellationToken));
            }

            return await DriveAsync(server, publishers, viewers, settings, cancellationToken);
        }
        finally
        {
            await DisposeAllAsync(publishers, viewers);
        }
    }

    private static async Task<RunOutcome> RunTetherAsync(Settings settings, string padding, StoreSetup store, BenchContext context, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(
            context.Spec(ServerKind.Tether, "relay", store.ConnectionString), context.Host, cancellationToken);
        using var api = new TetherApi(server);
        var viewers = new List<Viewer>();
        var publishers = new List<IPublisher>();
        try
        {
            var (environmentId, secret) = await api.RegisterEnvironmentAsync(Math.Min(1000, settings.Sessions), cancellationToken);
            for (var s = 0; s < settings.Sessions; s++)
            {
                var session = await api.StartSessionAsync(settings.Wire, environmentId, secret, cancellationToken);
                for (var v = 0; v < settings.ViewersPerSession; v++)
                {
                    var viewer = new Viewer(server.WebSocketUri($"/v1/sessions/ws/{session.ViewerId}/subscribe"), ServerSpec.OwnerToken);
                    await viewer.ConnectAsync(resume: false, cancellationToken);
                    viewers.Add(viewer);
                }

                publishers.Add(new IngressPublisher(api, session, padding));
            }

            return await DriveAsync(server, publishers, viewers, settings, cancellationToken);
        }
        finally
        {
            await DisposeAllAsync(publishers, viewers);
        }
    }

    /// <summary>Warm-up, then the measured window; every writer stops at its deadline.</summary>
    private static async Task<RunOutcome> DriveAsync(
        BenchServer server, List<IPublisher> publishers, List<Viewer> viewers, Settings settings, CancellationToken cancellationToken)
    {
        var perSession = settings.Rate / publishers.Count;
        var writers = publishers.Select(p => new PacedWriter(p, perSession, maxBatch: 100)).ToList();
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var measureFrom = start + (long)(settings.WarmupSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(settings.Seconds * Stopwatch.Frequency);
        // Stagger the writers across one interval so their writes do not all land together.
        var stagger = (long)(Stopwatch.Frequency / perSession / writers.Count);
        var running = writers.Select((w, i) => w.RunAsync(start + i * stagger, end, cancellationToken)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(LatencySamples.ToMs(measureFrom - Stopwatch.GetTimestamp()) / 1000), cancellationToken);
        var sentBefore = writers.Sum(w => Interlocked.Read(ref w.Sent));
        var before = await server.StatsAsync(collect: false, cancellationToken);
        var cpuBefore = before.CpuMs;
        foreach (var viewer in viewers)
        {
            viewer.Recording = true;
        }

        var measuring = Stopwatch.StartNew();
        await Task.WhenAll(running);
        var sentAfter = writers.Sum(w => Interlocked.Read(ref w.Sent));
        // Let the last events arrive before the window closes.
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        foreach (var viewer in viewers)
        {
            viewer.Recording = false;
        }

        var elapsed = measuring.Elapsed.TotalSeconds;
        var after = await server.StatsAsync(collect: false, cancellationToken);
        var cpuAfter = after.CpuMs;
        var samples = new LatencySamples();
        foreach (var viewer in viewers)
        {
            samples.AddRange(viewer.Samples);
        }

        var measuredSeconds = Math.Max(0.001, elapsed - 0.3);
        return new RunOutcome(
            samples,
            (sentAfter - sentBefore) / measuredSeconds,
            samples.Count / measuredSeconds,
            samples.Count == 0 ? double.NaN : (cpuAfter - cpuBefore) * 1000 / samples.Count,
            writers.Sum(w => w.Errors),
            after.Stages is null ? [] : [after.Stages],
            [after.GcSince(before)]);
    }

    private static async Task DisposeAllAsync(List<IPublisher> publishers, List<Viewer> viewers)
    {
        foreach (var publisher in publishers)
        {
            await publisher.DisposeAsync();
        }

        await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
    }

    /// <summary>One server's measured rounds: <c>Stages</c> holds the Tether server's writer stages per round (none for the baseline), <c>Collections</c> each round's GC activity.</summary>
    private sealed record RunOutcome(
        LatencySamples Samples,
        double EventsPerSecond,
        double DeliveriesPerSecond,
        double CpuMicrosPerDelivery,
        long Errors,
        List<Dictionary<string, StageSummary>> Stages,
        List<string> Collections)
    {
        public static RunOutcome Empty => new(new LatencySamples(), double.NaN, double.NaN, double.NaN, 0, [], []);

        /// <summary>Pools the samples of two rounds of equal length; rates and CPU cost are averaged.</summary>
        public RunOutcome Merge(RunOutcome other)
        {
            if (Samples.Count == 0 && double.IsNaN(EventsPerSecond))
            {
                return other;
            }

            var samples = new LatencySamples();
            samples.AddRange(Samples);
            samples.AddRange(other.Samples);
            return new RunOutcome(samples, (EventsPerSecond + other.EventsPerSecond) / 2, (DeliveriesPerSecond + other.DeliveriesPerSecond) / 2,
                (CpuMicrosPerDelivery + other.CpuMicrosPerDelivery) / 2, Errors + other.Errors, [.. Stages, .. other.Stages], [.. Collections, .. other.Collections]);
        }
    }
}
