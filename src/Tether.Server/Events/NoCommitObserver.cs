using System.Data.Common;

namespace Tether.Server.Events;

/// <summary>One process, one broadcaster: nothing else needs to hear about a commit.</summary>
internal sealed class NoCommitObserver : IEventCommitObserver
{
    public Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
