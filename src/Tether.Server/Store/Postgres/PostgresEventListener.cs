using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tether.Server.Environments;
using Tether.Server.Events;

namespace Tether.Server.Store.Postgres;

/// <summary>
/// LISTENs for other nodes' commits and wakes this node's subscribers of those sessions by publishing the newest event;
/// each subscriber's stream fills any gap before it from the store. After a lost connection (a PostgreSQL restart)
/// it reconnects with backoff and wakes every locally watched session, since notifications sent meanwhile are lost.
/// </summary>
internal sealed partial class PostgresEventListener(
    Database database, ServerNode node, SessionBroadcaster broadcaster, EventReader reader, InProcessWorkSignal workSignal,
    TimeProvider timeProvider, ILogger<PostgresEventListener> logger) : BackgroundService
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(10);

    private readonly Channel<(string Session, long Seq)> _wakeUps = Channel.CreateBounded<(string, long)>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publisher = PublishLoopAsync(stoppingToken);
        try
        {
            await ListenLoopAsync(stoppingToken);
        }
        finally
        {
            _wakeUps.Writer.TryComplete();
            await publisher;
        }
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = connection.Command($"LISTEN {EventNotification.Channel}; LISTEN {PostgresWorkSignal.Channel}"))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (reconnecting)
                {
                    LogReconnected(logger);
                    WakeAllWatched();
                    workSignal.NotifyAll();
                }

                backoff = TimeSpan.FromMilliseconds(250);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                if (!reconnecting)
                {
                    LogConnectionLost(logger, ex);
                }

                reconnecting = true;
                await Task.Delay(backoff, timeProvider, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == PostgresWorkSignal.Channel)
        {
            var bar = e.Payload.IndexOf('|');
            if (bar > 0 && e.Payload[..bar] != node.Id)
            {
                // Completing in-process watches never blocks, so it is safe on the notification thread.
                workSignal.Notify(e.Payload[(bar + 1)..]);
            }

            return;
        }

        if (!EventNotification.TryParse(e.Payload, out var from, out var wakeUps) || from == node.Id)
        {
            return;
        }

        foreach (var wakeUp in wakeUps)
        {
            if (broadcaster.SubscriberCount(wakeUp.Session) > 0)
            {
                _wakeUps.Writer.TryWrite(wakeUp);
            }
        }
    }

    private void WakeAllWatched()
    {
        foreach (var session in broadcaster.WatchedSessions())
        {
            _wakeUps.Writer.TryWrite((session, long.MaxValue));
        }
    }

    private async Task PublishLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var (session, seq) in _wakeUps.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                var newest = seq == long.MaxValue
                    ? await reader.ReadNewestAsync(session, stoppingToken)
                    : (await reader.ReadAsync(session, seq - 1, 1, stoppingToken)).FirstOrDefault();
                if (newest is not null)
                {
                    broadcaster.Publish(session, [newest]);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException or OperationCanceledException)
            {
                // The next notification or reconnect wakes the session again.
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection; reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "PostgreSQL notification connection restored")]
    private static partial void LogReconnected(ILogger logger);
}
