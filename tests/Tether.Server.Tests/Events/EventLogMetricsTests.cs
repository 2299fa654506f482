using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tether.Server.Events;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Events;

/// <summary>The writer's stages are published as metrics an operator can read with dotnet-counters or OpenTelemetry.</summary>
public sealed class EventLogMetricsTests : ServerTest
{
    private readonly ConcurrentQueue<(string Instrument, double Value, string? On)> _measurements = new();
    private readonly TempDirectory _data = new("tether-metrics");
    private MeterListener _listener = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var factory = Server.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EventLogMetrics.MeterName && instrument.Meter.Scope == factory)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public override async Task DisposeAsync()
    {
        _listener.Dispose();
        await base.DisposeAsync();
        _data.Dispose();
    }

    // SQLite (its own data directory) so the checkpoint metric is there too.
    protected override Task<LoopbackServer> StartServerAsync() => LoopbackServer.StartAsync(dataDirectory: _data.Path);

    [Fact]
    public async Task Every_append_reports_its_wait_and_every_commit_its_duration_and_size()
    {
        var session = await Client.CreateSessionAsync();
        _measurements.Clear();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => WorkerEventLog.AppendAsync(Server, session, WorkerEventLog.Assistant($"line {i}"))));

        // A batch's commit is recorded just after its appends are answered.
        await Eventually.TrueAsync(() => Values("tether.event_log.commit.appends").Sum() >= 20, because: "every append should be counted in a commit");
        var waits = Values("tether.event_log.queue.duration");
        var commits = Values("tether.event_log.commit.duration");
        var sizes = Values("tether.event_log.commit.appends");
        Assert.Equal(20, waits.Count);
        Assert.All(waits, w => Assert.True(w >= 0));
        Assert.NotEmpty(commits);
        Assert.All(commits, c => Assert.True(c > 0));
        Assert.Equal(commits.Count, sizes.Count);
        Assert.Equal(20, sizes.Sum());
    }

    [Fact]
    public async Task Sqlite_checkpoints_after_commits_are_reported_as_running_in_the_background()
    {
        var session = await Client.CreateSessionAsync();

        await WorkerEventLog.AppendAsync(Server, session, WorkerEventLog.Assistant("to be copied"));

        await Eventually.TrueAsync(
            () => _measurements.Any(m => m.Instrument == "tether.sqlite.checkpoint.duration" && m.On == "background"),
            because: "a commit should be followed by a background checkpoint");
    }

    private List<double> Values(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value)];

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? on = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "on")
            {
                on = tag.Value as string;
            }
        }

        _measurements.Enqueue((instrument.Name, value, on));
    }
}
