using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tether.Server.Environments;

/// <summary>Takes environments that have not polled for <see cref="EnvironmentOptions.OfflineAfter"/> offline, on a timer.</summary>
internal sealed partial class EnvironmentSweeper(
    EnvironmentStore environments, IWorkSignal signal, EnvironmentOptions options, TimeProvider timeProvider, ILogger<EnvironmentSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var expired = await environments.ExpireIdleAsync(timeProvider.GetUtcNow() - options.OfflineAfter, cancellationToken);
            foreach (var id in expired)
            {
                LogExpired(id);
                await signal.NotifyAsync(id, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed sweep (store briefly unavailable) is retried at the next tick.
            LogSweepFailed(ex);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Environment `{EnvironmentId}` was not polled for too long and is now offline.")]
    private partial void LogExpired(string environmentId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Sweeping idle environments failed; retrying at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
