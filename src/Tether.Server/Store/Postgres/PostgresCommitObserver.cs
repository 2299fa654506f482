using System.Data.Common;
using Tether.Server.Events;

namespace Tether.Server.Store.Postgres;

/// <summary>Sends at most one NOTIFY per commit batch (inside the transaction, so it is delivered only if the commit is).</summary>
internal sealed class PostgresCommitObserver(ServerNode node) : IEventCommitObserver
{
    public async Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
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
            await using var notify = connection.Command("SELECT pg_notify(@c, @p)", transaction);
            await notify.With("@c", EventNotification.Channel).With("@p", payload).ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
