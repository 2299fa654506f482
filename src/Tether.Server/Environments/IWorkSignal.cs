namespace Tether.Server.Environments;

/// <summary>
/// Wakes parked polls when work may be available for an environment. A poll calls <see cref="NextNotificationAsync"/> before it looks
/// at the store, so a notification between that look and the wait is not lost. In process on one node
/// (<see cref="InProcessWorkSignal"/>); with PostgreSQL, <c>Store.Postgres.PostgresWorkSignal</c> also NOTIFYs the other nodes.
/// </summary>
internal interface IWorkSignal
{
    /// <summary>A task that completes at the next notification for the environment.</summary>
    Task NextNotificationAsync(string environmentId);

    /// <summary>Completes every current watch of the environment.</summary>
    ValueTask NotifyAsync(string environmentId, CancellationToken cancellationToken);
}
