using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>
/// Adds statements to a commit batch's writes, which run inside the writer's transaction just before it commits. The
/// PostgreSQL store uses it to send one <c>NOTIFY</c> per commit batch so other server nodes wake their subscribers.
/// </summary>
internal interface IEventCommitObserver
{
    void BeforeCommit(IReadOnlyList<PendingAppend> batch, StatementBatch writes);
}
