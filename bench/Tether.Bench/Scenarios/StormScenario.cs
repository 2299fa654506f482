using System.Diagnostics;
using Tether.Bench.Hosting;
using Tether.Bench.Load;
using Tether.Bench.Reporting;

namespace Tether.Bench.Scenarios;

/// <summary>
/// <c>storm</c>: K viewers across S live sessions lose their connections at once (aborted, no close handshake) while the
/// workers keep writing; after a gap they all reconnect (with jitter) resuming from their last sequence number. Each must
/// get exactly the events it missed, in order, then live ones. Measures time until every viewer has caught up.
/// </summary>
internal static class StormScenario
{
    public sealed record Settings(int Viewers, int Sessions, double Rate, int GapMs, int JitterMs, int Concurrency, double TimeoutSeconds, int SettleMs);

    public static Settings Read(BenchArgs args) => new(
        args.Int("viewers", 10_000), args.Int("sessions", 100), args.Double("rate", 200), args.Int("gap-ms", 1000), args.Int("jitter-ms", 1000),
        args.Int("concurrency", 500), args.Double("timeout", 30), args.Int("settle-ms", 2000));

    public static async Task<ScenarioResult> RunAsync(Settings settings, BenchContext context, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("storm");
        result.Set("viewers", settings.Viewers).Set("sessions", settings.Sessions).Set("events_per_s", settings.Rate).Set("gap_ms", settings.GapMs).Set("jitter_ms", settings.JitterMs);
        await using var server = await BenchServer.StartAsync(context.Spec(ServerKind.Tether, "storm"), context.Host, cancellationToken);
        using var api = new TetherApi(server);
        var (environmentId, secret) = await api.RegisterEnvironmentAsync(Math.Min(1000, settings.Sessions), cancellationToken);
        var padding = EventPayload.Padding(512);
        var sessions = new List<WorkerSession>();
        for (var s = 0; s < settings.Sessions; s++)
        {
            sessions.Add(await api.StartWorkerSessionAsync(environmentId, secret, cancellationToken));
        }

        context.Progress($"storm: connecting {settings.Viewers} viewers to {settings.Sessions} sessions");
        var viewers = Enumerable.Range(0, settings.Viewers)
            .Select(i => (Session: i % settings.Sessions, Viewer: new Viewer(server.WebSocketUri($"/v1/sessions/ws/{sessions[i % settings.Sessions].SessionId}/subscribe"), ServerSpec.OwnerToken)))
            .ToList();
        var initialFailures = await ViewerPool.ConnectAllAsync([.. viewers.Select(v => v.Viewer)], false, settings.Concurrency, 5, cancellationToken);

        // Workers write for the whole scenario (bounded by the timeout).
        var writers = sessions.Select(s => new PacedWriter(new IngressPublisher(api, s, padding), settings.Rate / settings.Sessions, 100)).ToList();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)((settings.TimeoutSeconds + 10 + (settings.GapMs / 1000.0)) * Stopwatch.Frequency);
        var writing = writers.Select(w => w.RunAsync(start, end, stopWriting.Token)).ToList();
        await Task.Delay(settings.SettleMs, cancellationToken);

        context.Progress($"storm: dropping all {settings.Viewers} connections at once");
        foreach (var (_, viewer) in viewers)
        {
            viewer.Abort();
        }

        await Task.Delay(settings.GapMs, cancellationToken);
        var missedFrom = viewers.Select(v => v.Viewer.LastSeq).ToList();
        var targets = writers.Select(w => Interlocked.Read(ref w.Sent)).ToList();
        foreach (var (session, viewer) in viewers)
        {
            viewer.ResumedAt = 0;
            viewer.ResumeTarget = targets[session];
        }

        context.Progress($"storm: reconnecting all, jitter 0–{settings.JitterMs} ms, resuming from each viewer's last sequence number");
        var reconnectStart = Stopwatch.GetTimestamp();
        var errors = 0;
        using var gate = new SemaphoreSlim(settings.Concurrency);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var reconnecting = viewers.Select(async v =>
        {
            await Task.Delay(Random.Shared.Next(0, Math.Max(1, settings.JitterMs)), deadline.Token);
            for (var attempt = 1; !deadline.IsCancellationRequested; attempt++)
            {
                await gate.WaitAsync(deadline.Token);
                try
                {
                    await v.Viewer.ConnectAsync(resume: true, deadline.Token);
                    if (v.Viewer.LastSeq >= v.Viewer.ResumeTarget && v.Viewer.ResumedAt == 0)
                    {
                        v.Viewer.ResumedAt = Stopwatch.GetTimestamp();
                    }

                    return;
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    gate.Release();
                }

                await Task.Delay(Random.Shared.Next(100, 500 * Math.Min(attempt, 4)), deadline.Token);
            }
        }).ToList();

        try
        {
            while (viewers.Any(v => v.Viewer.ResumedAt == 0))
            {
                await Task.Delay(20, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out; reported below.
        }

        var allDone = Stopwatch.GetTimestamp();
        await Task.WhenAll(reconnecting.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await stopWriting.CancelAsync();
        await Task.WhenAll(writing.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        var resumed = new LatencySamples();
        var notResumed = 0;
        foreach (var (_, viewer) in viewers)
        {
            if (viewer.ResumedAt == 0)
            {
                notResumed++;
            }
            else
            {
                resumed.Add(viewer.ResumedAt - reconnectStart);
            }
        }

        var replayed = viewers.Select((v, i) => targets[v.Session] - missedFrom[i]).Sum();
        var gaps = viewers.Sum(v => v.Viewer.Gaps);
        var duplicates = viewers.Sum(v => v.Viewer.Duplicates);
        var allSeconds = notResumed == 0 ? LatencySamples.ToMs(allDone - reconnectStart) / 1000 : double.NaN;
        result.Set("all_resumed_s", allSeconds).Set("resume_p50_ms", resumed.PercentileMs(50)).Set("resume_p99_ms", resumed.PercentileMs(99)).Set("resume_max_ms", resumed.MaxMs)
            .Set("not_resumed", notResumed).Set("connect_errors", errors).Set("initial_connect_failures", initialFailures).Set("gaps", gaps).Set("duplicates", duplicates)
            .Set("missed_events_replayed", replayed).Set("worker_errors", writers.Sum(w => w.Errors))
            .Set("goal_s", 10.0).Set("goal_met", notResumed == 0 && errors == 0 && gaps == 0 && duplicates == 0 && allSeconds <= 10);
        result.Header.AddRange(["viewers", "all caught up (s)", "resume p50 ms", "resume p99 ms", "max ms", "not resumed", "connect errors", "gaps", "dups", "missed events replayed"]);
        result.Row(settings.Viewers, allSeconds, resumed.PercentileMs(50), resumed.PercentileMs(99), resumed.MaxMs, notResumed, errors, gaps, duplicates, replayed);
        result.Notes.Add("resume time = from the start of the reconnect wave (jitter included) until the viewer holds every event committed before the wave began");
        result.Notes.Add("durability: " + StoreSetup.SqliteDurability);

        foreach (var chunk in viewers.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(v => v.Viewer.DisposeAsync().AsTask()));
        }

        return result;
    }
}
