using System.Diagnostics.Metrics;

namespace Tether.Server.Events;

/// <summary>
/// The event log writer's stages as metrics (meter <c>Tether.Server</c>; read them with <c>dotnet-counters monitor
/// --counters Tether.Server</c> or any OpenTelemetry collector): how long appends wait for the writer, how long a commit
/// batch takes and how many appends it carries, and how long SQLite's WAL checkpoints take and where they run.
/// </summary>
internal sealed class EventLogMetrics
{
    public const string MeterName = "Tether.Server";

    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _commit;
    private readonly Histogram<int> _appendsPerCommit;
    private readonly Histogram<double> _checkpoint;

    public EventLogMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _queueWait = meter.CreateHistogram<double>("tether.event_log.queue.duration", "s", "Time an append waited for the writer.");
        _commit = meter.CreateHistogram<double>("tether.event_log.commit.duration", "s", "Time the writer took to apply, commit and publish one batch.");
        _appendsPerCommit = meter.CreateHistogram<int>("tether.event_log.commit.appends", "{append}", "Appends committed together in one batch.");
        _checkpoint = meter.CreateHistogram<double>("tether.sqlite.checkpoint.duration", "s", "Time one SQLite WAL checkpoint took (tag on: background or writer).");
    }

    public void Queued(TimeSpan wait) => _queueWait.Record(wait.TotalSeconds);

    public void Committed(TimeSpan took, int appends)
    {
        _commit.Record(took.TotalSeconds);
        _appendsPerCommit.Record(appends);
    }

    public void Checkpointed(TimeSpan took, bool onWriter) =>
        _checkpoint.Record(took.TotalSeconds, new KeyValuePair<string, object?>("on", onWriter ? "writer" : "background"));
}
