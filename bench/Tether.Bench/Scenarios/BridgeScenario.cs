using System.Diagnostics;
using Tether.Bench.Hosting;
using Tether.Bench.Load;
using Tether.Bench.Reporting;

namespace Tether.Bench.Scenarios;

/// <summary>
/// <c>bridge</c>: agent stdout line → event a viewer receives (committed first), through a real <c>tether bridge</c>
/// relaying a child (<see cref="FloodAgent"/>) over stdio. (1) Paced lines, compared with a worker that posts the same
/// lines to session ingress itself: the difference is what the bridge adds. (2) Many sessions at once through one bridge,
/// each child printing as fast as it can: every line must arrive, in order.
/// </summary>
internal static class BridgeScenario
{
    public sealed record Settings(int Sessions, double Rate, double WarmupSeconds, double Seconds, int ScaleSessions, int FloodLines, int PayloadBytes, double TimeoutSeconds);

    public static Settings Read(BenchArgs args) => new(
        args.Int("sessions", 10), args.Double("rate", 1000), args.Double("warmup", 5), args.Double("duration", 10),
        args.Int("scale-sessions", 200), args.Int("flood-lines", 200), args.Int("payload-bytes", 512), args.Double("timeout", 120));

    public static async Task<ScenarioResult> RunAsync(Settings settings, BenchContext context, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("bridge");
        result.Set("sessions", settings.Sessions).Set("lines_per_s", settings.Rate).Set("scale_sessions", settings.ScaleSessions).Set("flood_lines", settings.FloodLines)
            .Set("payload_bytes", settings.PayloadBytes);
        result.Header.AddRange(["path", "sessions", "lines", "p50 ms", "p90 ms", "p99 ms", "max ms", "lines/s", "missing", "out of order"]);

        await using var server = await BenchServer.StartAsync(context.Spec(ServerKind.Tether, "bridge"), context.Host, cancellationToken);
        using var api = new TetherApi(server);
        var padding = EventPayload.Padding(settings.PayloadBytes);

        // (1a) The same lines posted by the harness itself: the path without the bridge.
        context.Progress($"bridge: direct ingress, {settings.Sessions} sessions at {settings.Rate} lines/s");
        var direct = await RunDirectAsync(api, server, settings, padding, cancellationToken);
        result.Row("direct: worker POSTs to session ingress", settings.Sessions, direct.Samples.Count, direct.Samples.PercentileMs(50), direct.Samples.PercentileMs(90),
            direct.Samples.PercentileMs(99), direct.Samples.MaxMs, direct.Rate, direct.Missing, direct.OutOfOrder);

        // (1b) Through tether bridge: child stdout → bridge → session ingress.
        var linesPerSession = (int)Math.Ceiling(settings.Rate / settings.Sessions * (settings.WarmupSeconds + settings.Seconds));
        context.Progress($"bridge: tether bridge, {settings.Sessions} children printing {settings.Rate / settings.Sessions:0} lines/s each");
        var paced = await RunBridgeAsync(api, server, context, "bench-paced", settings.Sessions, linesPerSession, settings.Rate / settings.Sessions, settings.WarmupSeconds, padding.Length, settings, cancellationToken);
        result.Row("tether bridge: child stdout → bridge → ingress", settings.Sessions, paced.Samples.Count, paced.Samples.PercentileMs(50), paced.Samples.PercentileMs(90),
            paced.Samples.PercentileMs(99), paced.Samples.MaxMs, paced.Rate, paced.Missing, paced.OutOfOrder);
        var added = paced.Samples.PercentileMs(50) - direct.Samples.PercentileMs(50);
        result.Set("direct_p50_ms", direct.Samples.PercentileMs(50)).Set("direct_p99_ms", direct.Samples.PercentileMs(99))
            .Set("p50_ms", paced.Samples.PercentileMs(50)).Set("p99_ms", paced.Samples.PercentileMs(99))
            .Set("added_p50_ms", added).Set("added_p99_ms", paced.Samples.PercentileMs(99) - direct.Samples.PercentileMs(99))
            .Set("goal_added_p50_ms", 1.0);

        // (2) Scale: many sessions, children flooding.
        context.Progress($"bridge: {settings.ScaleSessions} sessions through one bridge, each child printing {settings.FloodLines} lines as fast as it can");
        var flood = await RunBridgeAsync(api, server, context, "bench-flood", settings.ScaleSessions, settings.FloodLines, 0, 0, padding.Length, settings, cancellationToken);
        result.Row($"tether bridge: {settings.ScaleSessions} sessions, flood", settings.ScaleSessions, flood.Samples.Count, flood.Samples.PercentileMs(50), flood.Samples.PercentileMs(90),
            flood.Samples.PercentileMs(99), flood.Samples.MaxMs, flood.Rate, flood.Missing, flood.OutOfOrder);
        result.Set("scale_lines_per_s", flood.Rate).Set("scale_p50_ms", flood.Samples.PercentileMs(50)).Set("scale_p99_ms", flood.Samples.PercentileMs(99))
            .Set("scale_missing", flood.Missing).Set("scale_out_of_order", flood.OutOfOrder)
            .Set("goal_met", added <= 1.0 && flood.Missing == 0 && flood.OutOfOrder == 0 && paced.Missing == 0);
        result.Notes.Add($"the bridge adds {added:0.###} ms at p50 per relayed line (goal ≤ 1 ms); latency = child's write of the line → a viewer receives it (committed first)");
        result.Notes.Add("durability: " + StoreSetup.SqliteDurability);
        return result;
    }

    private sealed record PathOutcome(LatencySamples Samples, double Rate, long Missing, long OutOfOrder);

    private static async Task<PathOutcome> RunDirectAsync(TetherApi api, BenchServer server, Settings settings, string padding, CancellationToken cancellationToken)
    {
        var (environmentId, secret) = await api.RegisterEnvironmentAsync(Math.Min(1000, settings.Sessions), cancellationToken);
        var viewers = new List<Viewer>();
        var writers = new List<PacedWriter>();
        for (var s = 0; s < settings.Sessions; s++)
        {
            var session = await api.StartWorkerSessionAsync(environmentId, secret, cancellationToken);
            var viewer = new Viewer(server.WebSocketUri($"/v1/sessions/ws/{session.SessionId}/subscribe"), ServerSpec.OwnerToken);
            await viewer.ConnectAsync(resume: false, cancellationToken);
            viewers.Add(viewer);
            writers.Add(new PacedWriter(new IngressPublisher(api, session, padding), settings.Rate / settings.Sessions, 100));
        }

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(settings.WarmupSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(settings.Seconds * Stopwatch.Frequency);
        var running = writers.Select(w => w.RunAsync(start, end, cancellationToken)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds), cancellationToken);
        viewers.ForEach(v => v.Recording = true);
        await Task.WhenAll(running);
        await Task.Delay(300, cancellationToken);
        viewers.ForEach(v => v.Recording = false);
        var sent = writers.Sum(w => w.Sent);
        var outcome = Collect(viewers, sent, settings.Seconds);
        await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
        return outcome with { Rate = settings.Rate };
    }

    private static async Task<PathOutcome> RunBridgeAsync(
        TetherApi api, BenchServer server, BenchContext context, string name, int sessions, int lines, double ratePerSession, double warmupSeconds, int paddingLength,
        Settings settings, CancellationToken cancellationToken)
    {
        string[] agent =
        [
            ChildProcessServer.DotnetHost(), typeof(BridgeScenario).Assembly.Location, "flood", "--lines", lines.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rate", ratePerSession.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--payload-bytes", (paddingLength + 190).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        await using var bridge = BridgeProcess.Start(server, context.NewDataDirectory(name), name, Math.Max(sessions, 1), agent);
        var environmentId = await bridge.WaitForEnvironmentAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var viewers = new List<Viewer>();
        for (var s = 0; s < sessions; s++)
        {
            var sessionId = await api.CreateSessionAsync(environmentId, cancellationToken);
            var viewer = new Viewer(server.WebSocketUri($"/v1/sessions/ws/{sessionId}/subscribe"), ServerSpec.OwnerToken) { Recording = warmupSeconds <= 0 };
            await viewer.ConnectAsync(resume: false, cancellationToken);
            viewers.Add(viewer);
        }

        var started = Stopwatch.GetTimestamp();
        if (warmupSeconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), cancellationToken);
            viewers.ForEach(v => v.Recording = true);
        }

        var expected = (long)sessions * lines;
        var deadline = Stopwatch.StartNew();
        while (viewers.Sum(v => v.Received) < expected && deadline.Elapsed.TotalSeconds < settings.TimeoutSeconds)
        {
            await Task.Delay(50, cancellationToken);
        }

        var elapsed = LatencySamples.ToMs(Stopwatch.GetTimestamp() - started) / 1000;
        var outcome = Collect(viewers, expected, elapsed);
        if (outcome.Missing > 0)
        {
            context.Progress($"bridge: {outcome.Missing} lines never arrived; bridge output tail: {Tail(bridge.Output())}");
        }

        await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
        return outcome;
    }

    private static PathOutcome Collect(List<Viewer> viewers, long expected, double seconds)
    {
        var samples = new LatencySamples();
        viewers.ForEach(v => samples.AddRange(v.Samples));
        var received = viewers.Sum(v => v.Received);
        return new PathOutcome(samples, received / Math.Max(0.001, seconds), Math.Max(0, expected - received), viewers.Sum(v => (long)v.Gaps + v.Duplicates));
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
