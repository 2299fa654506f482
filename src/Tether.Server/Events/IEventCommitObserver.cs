using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>
/// The store's part in the event log's writer loop. PostgreSQL adds one <c>NOTIFY</c> per commit batch so other server
/// nodes wake their subscribers; SQLite keeps its WAL checkpoints off the writer (<see cref="SqliteCheckpointer"/>).
/// </summary>
internal interface IEventCommitObserver
{
    /// <summary>Adds statements to a commit batch's writes, which run inside the writer's transaction just before it commits.</summary>
    void BeforeCommit(IReadOnlyList<PendingAppend> batch, StatementBatch writes);

    /// <summary>Runs on the writer between batches, after a batch is committed and published (nothing waits on it then).</summary>
    ValueTask AfterPublishedAsync(CancellationToken cancellationToken);
}
