using Tether.Server.Environments;

namespace Tether.Server.Store.Postgres;

/// <summary>
/// Wakes parked polls on every node: locally at once, and through <c>NOTIFY tether_work</c> for the others, whose
/// <see cref="PostgresEventListener"/> completes their local watches. A lost notification only delays a poll until its
/// hold ends and it looks at the store again, so nothing depends on delivery.
/// </summary>
internal sealed class PostgresWorkSignal(InProcessWorkSignal local, Database database, ServerNode node) : IWorkSignal
{
    public const string Channel = "tether_work";

    public Task NextNotificationAsync(string environmentId) => local.NextNotificationAsync(environmentId);

    public async ValueTask NotifyAsync(string environmentId, CancellationToken cancellationToken)
    {
        await local.NotifyAsync(environmentId, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var notify = connection.Command("SELECT pg_notify(@c, @p)");
        await notify.With("@c", Channel).With("@p", $"{node.Id}|{environmentId}").ExecuteNonQueryAsync(cancellationToken);
    }
}
