using System.Diagnostics.Metrics;

namespace Tether.Bench.Hosting;

/// <summary>
/// Listens, inside a Tether bench server's process, to that server's own writer metrics (meter <c>Tether.Server</c>):
/// queue wait, commit duration and size, WAL checkpoints. Each stats request takes what was recorded since the last one,
/// so the harness can say which stage a latency tail comes from.
/// </summary>
internal sealed class StageRecorder : IDisposable
{
    private const int MaxValuesPerStage = 500_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;

    public StageRecorder(IMeterFactory serverMeters)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Tether.Server" && instrument.Meter.Scope == serverMeters)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(StageName(instrument, tags), value * 1000));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(StageName(instrument, tags), value));
        _listener.Start();
    }

    /// <summary>Percentiles of each stage since the previous call (milliseconds; counts for <c>appends_per_commit</c>).</summary>
    public Dictionary<string, StageSummary> Take()
    {
        lock (_gate)
        {
            var summary = _values.ToDictionary(pair => pair.Key, pair => StageSummary.Of(pair.Value), StringComparer.Ordinal);
            _values.Clear();
            return summary;
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string StageName(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var name = instrument.Name switch
        {
            "tether.event_log.queue.duration" => "queue_wait",
            "tether.event_log.commit.duration" => "commit",
            "tether.event_log.commit.appends" => "appends_per_commit",
            "tether.sqlite.checkpoint.duration" => "checkpoint",
            _ => instrument.Name,
        };
        foreach (var tag in tags)
        {
            if (tag.Key == "on")
            {
                name += "_" + tag.Value;
            }
        }

        return name;
    }

    private void Add(string stage, double value)
    {
        lock (_gate)
        {
            if (!_values.TryGetValue(stage, out var values))
            {
                _values[stage] = values = [];
            }

            if (values.Count < MaxValuesPerStage)
            {
                values.Add(value);
            }
        }
    }
}
