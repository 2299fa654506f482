using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>One process, one broadcaster: nothing else needs to hear about a commit.</summary>
internal sealed class NoCommitObserver : IEventCommitObserver
{
    public void BeforeCommit(IReadOnlyList<PendingAppend> batch, StatementBatch writes)
    {
    }
}
