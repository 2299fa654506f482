using Tether.Server.Events;

namespace Tether.Server.Store.Postgres;

/// <summary>
/// Sends at most one NOTIFY per commit batch, with the batch's other writes (inside the transaction, so it is delivered only
/// if the commit is).
/// </summary>
internal sealed class PostgresCommitObserver(ServerNode node) : IEventCommitObserver
{
    public void BeforeCommit(IReadOnlyList<PendingAppend> batch, StatementBatch writes)
    {
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pending in batch)
        {
            foreach (var stored in pending.Published)
            {
                if (!stored.IsEphemeral)
                {
                    newest[stored.SessionId] = Math.Max(stored.Seq, newest.GetValueOrDefault(stored.SessionId));
                }
            }
        }

        foreach (var payload in EventNotification.Format(node.Id, newest))
        {
            writes.Add("SELECT pg_notify(@c, @p)").With("@c", EventNotification.Channel).With("@p", payload);
        }
    }

    public ValueTask AfterPublishedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
