using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Protocol.Ids;
using Tether.Server.Sessions;

namespace Tether.Server.Push;

/// <summary>
/// Drains the push queue in the background (the host awaits it on shutdown): for each job, finds everyone who may see the
/// session, encrypts one message per subscription and sends them a few at a time; subscriptions reported gone are deleted.
/// </summary>
internal sealed partial class PushDispatcher(
    PushNotifier notifier, PushSender sender, PushSubscriptionStore subscriptions, SessionStore sessions, VapidKeyStore keys,
    ServerOptions options, ILogger<PushDispatcher> logger) : BackgroundService
{
    private const int ParallelSends = 4;
    private const int MaxTitleLength = 80;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in notifier.Jobs.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DispatchAsync(job, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(logger, ex, job.SessionId, job.Seq);
            }
        }
    }

    private async Task DispatchAsync(PushJob job, CancellationToken cancellationToken)
    {
        var targets = await subscriptions.ForSessionAsync(job.SessionId, cancellationToken);
        if (targets.Count == 0 || await sessions.GetAsync(null, job.SessionId, cancellationToken) is not { } session)
        {
            return;
        }

        var key = await keys.GetAsync(cancellationToken);
        var payload = JsonSerializer.SerializeToUtf8Bytes(Message(job, session), PushJsonContext.Default.PushMessage);
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                if (await sender.SendAsync(key, target, payload, job.Kind, job.SessionId, ct) == PushOutcome.Gone)
                {
                    await subscriptions.DeleteByIdAsync(target.Id, ct);
                }
            });
    }

    private PushMessage Message(PushJob job, SessionRecord session)
    {
        var title = string.IsNullOrWhiteSpace(session.Title) ? "Tether session" : session.Title.Trim();
        if (title.Length > MaxTitleLength)
        {
            title = title[..(MaxTitleLength - 1)] + "…";
        }

        var id = SessionIds.ToCompat(session.Id);
        var body = job.Kind == PushKind.NeedsApproval
            ? $"Needs your approval{(job.ToolName is { Length: > 0 and <= 64 } tool ? $" to use {tool}" : "")}"
            : "Finished";
        return new PushMessage(title, body, $"{options.PublicUrl!.TrimEnd('/')}/sessions/{id}", id,
            job.Kind == PushKind.NeedsApproval ? "needs_approval" : "finished");
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Warning, Message = "Sending push notifications for session {SessionId} event {Seq} failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string sessionId, long seq);
}
