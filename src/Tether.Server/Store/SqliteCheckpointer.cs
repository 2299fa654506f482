using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Server.Events;

namespace Tether.Server.Store;

/// <summary>
/// Copies committed WAL frames into the SQLite database file on its own connection, so the event log's writer never
/// does it. Left to SQLite, the commit that takes the WAL past 1,000 frames copies all of them and flushes both files
/// while every append queued behind it waits (the relay's p99 was that stall). Here a passive checkpoint runs shortly
/// after commits, beside the writer. A passive checkpoint cannot restart the WAL while commits keep coming, so once the
/// WAL is <see cref="RestartFrames"/> long the writer copies the few frames left itself, between two batches; its next
/// transaction then starts the WAL from the beginning, which bounds the file.
/// </summary>
internal sealed partial class SqliteCheckpointer(
    Database database, EventLogMetrics metrics, TimeProvider timeProvider, ILogger<SqliteCheckpointer> logger)
    : BackgroundService, IEventCommitObserver
{
    /// <summary>
    /// The WAL length (in pages, 16 MB) at which it is restarted. Four times SQLite's own threshold: near 20,000 events/s
    /// a commit rewrites about two pages per event, and each hand-over costs the writer a pause.
    /// </summary>
    public const int RestartFrames = 4000;

    /// <summary>Commits within this spacing share one checkpoint: a page rewritten by several is copied once.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(20);

    private readonly Channel<bool> _committed = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    // Set by the background loop, cleared by the writer: while set, only the writer checkpoints, so the two never collide.
    private volatile bool _restartDue;

    public void BeforeCommit(IReadOnlyList<PendingAppend> batch, StatementBatch writes)
    {
    }

    public async ValueTask AfterPublishedAsync(CancellationToken cancellationToken)
    {
        if (_restartDue)
        {
            await CheckpointAsync(onWriter: true, cancellationToken);
            _restartDue = false;
        }

        _committed.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _committed.Reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(Spacing, timeProvider, stoppingToken);
            _committed.Reader.TryRead(out _);
            if (!_restartDue && await CheckpointAsync(onWriter: false, stoppingToken) >= RestartFrames)
            {
                // Once more first, for what was committed while that pass ran: the writer is left only the frames of a
                // short pass to copy.
                await CheckpointAsync(onWriter: false, stoppingToken);
                _restartDue = true;
            }
        }
    }

    /// <summary>Runs a passive checkpoint; returns the WAL's length in pages, or -1 when it could not run.</summary>
    private async Task<long> CheckpointAsync(bool onWriter, CancellationToken cancellationToken)
    {
        try
        {
            var started = timeProvider.GetTimestamp();
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var checkpoint = connection.Command("PRAGMA wal_checkpoint(PASSIVE)");
            await using var result = await checkpoint.ExecuteReaderAsync(cancellationToken);
            // One row: busy flag, pages in the WAL, pages copied into the database (-1, -1 when another checkpoint ran).
            var walPages = await result.ReadAsync(cancellationToken) ? result.GetInt64(1) : -1;
            metrics.Checkpointed(timeProvider.GetElapsedTime(started), onWriter);
            return walPages;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            // SQLite's own automatic checkpoint (a larger bound, see Database) still keeps the WAL from growing without end.
            LogCheckpointFailed(logger, ex);
            return -1;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "WAL checkpoint failed; the next commit tries again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
