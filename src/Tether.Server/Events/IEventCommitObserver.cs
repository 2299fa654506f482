using System.Data.Common;

namespace Tether.Server.Events;

/// <summary>
/// Runs inside the writer's transaction just before it commits. The PostgreSQL store uses it to send one
/// <c>NOTIFY</c> per commit batch so other server nodes wake their subscribers.
/// </summary>
internal interface IEventCommitObserver
{
    Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken);
}
