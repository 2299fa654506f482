using Tether.Server.Environments;

namespace Tether.Server.Store.Postgres;

/// <summary>
/// Work wake-ups across nodes: a notification wakes this node's parked polls at once and is sent as
/// <c>NOTIFY tether_work, 'node|environment'</c>, which <see cref="PostgresEventListener"/> hands to <see cref="OnRemote"/>
/// on the other nodes. Without it a poll parked on another node saw new work only when its hold ended (up to 8 s).
/// Callers notify after the work is committed, so a woken poll finds it; a lost notification costs at most one hold.
/// </summary>
internal sealed class PostgresWorkSignal(Database database, ServerNode node, InProcessWorkSignal local) : IWorkSignal
{
    public const string Channel = "tether_work";

    public Task NextNotificationAsync(string environmentId) => local.NextNotificationAsync(environmentId);

    public async ValueTask NotifyAsync(string environmentId, CancellationToken cancellationToken)
    {
        await local.NotifyAsync(environmentId, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var notify = connection.Command("SELECT pg_notify(@c, @p)");
        await notify.With("@c", Channel).With("@p", node.Id + "|" + environmentId).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A <c>tether_work</c> payload from the listener; this node's own notifications were already delivered locally.</summary>
    public void OnRemote(string payload)
    {
        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && !payload.AsSpan(0, bar).SequenceEqual(node.Id))
        {
            _ = local.NotifyAsync(payload[(bar + 1)..], CancellationToken.None);
        }
    }

    /// <summary>After the listener reconnects: notifications sent meanwhile are lost, so every parked poll looks again.</summary>
    public void WakeAll() => local.NotifyAll();
}
