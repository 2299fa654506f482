using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Server.Push;
using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>
/// The one writer path: appends wait in a bounded queue; a single loop commits as many as are waiting in one transaction
/// (group commit) — an append that is refused changes nothing, so it does not undo the others — and publishes only after
/// the commit.
/// </summary>
internal sealed partial class EventLog(
    Database database,
    EventAppender appender,
    IEventCommitObserver observer,
    SessionBroadcaster broadcaster,
    PushNotifier push,
    EventLogMetrics metrics,
    TimeProvider timeProvider,
    ILogger<EventLog> logger)
    : BackgroundService
{
    private const int MaxAppendsPerCommit = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public async Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        if (request.Events.Count == 0)
        {
            return new AppendResult(AppendStatus.Ok, 0, 0, 0);
        }

        var pending = new PendingAppend(request, timeProvider.GetTimestamp());
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        // The append is committed or refused as a whole even if this caller stops waiting.
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingAppend>(MaxAppendsPerCommit);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                var started = timeProvider.GetTimestamp();
                while (batch.Count < MaxAppendsPerCommit && _queue.Reader.TryRead(out var next))
                {
                    metrics.Queued(timeProvider.GetElapsedTime(next.QueuedAt));
                    batch.Add(next);
                }

                await CommitAsync(batch, stoppingToken);
                metrics.Committed(timeProvider.GetElapsedTime(started), batch.Count);
                await observer.AfterPublishedAsync(stoppingToken);
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var abandoned))
            {
                abandoned.Completion.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        AppendResult[] results;
        try
        {
            var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
            await using (connection)
            await using (transaction)
            {
                results = await appender.ApplyAsync(connection, transaction, batch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCommitFailed(logger, ex, batch.Count);
            database.ResetIdleConnections();
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(new EventLogUnavailableException("The event store could not commit.", ex));
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Published.Count > 0)
            {
                broadcaster.Publish(batch[i].Request.SessionId, batch[i].Published);
                push.OnCommitted(batch[i].Published);
            }

            if (results[i].Status == AppendStatus.Ok && results[i].StatusAfter != results[i].StatusBefore)
            {
                broadcaster.PublishStatus(batch[i].Request.SessionId, results[i].StatusAfter!);
            }

            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Event commit of {Count} appends failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);
}
