using System.Text.Json;
using Tether.Protocol.Sessions;
using Tether.Server.Events;

namespace Tether.Server.Sessions;

/// <summary>Creating and archiving sessions, with the observers that take part (environments, dispatch).</summary>
internal sealed class SessionService(SessionStore store, EventLog log, EventValidator validator, IEnumerable<ISessionObserver> observers)
{
    /// <summary>Creates a session and appends its initial events. Errors are values: (null, status, message).</summary>
    public async Task<(SessionRecord? Session, int Status, string? Error)> CreateAsync(
        NewSession request, IReadOnlyList<JsonElement>? initialEvents, CancellationToken cancellationToken)
    {
        IReadOnlyList<IncomingEvent> events = [];
        if (initialEvents is { Count: > 0 })
        {
            var unwrapped = new List<JsonElement>(initialEvents.Count);
            for (var i = 0; i < initialEvents.Count; i++)
            {
                // Initial events arrive wrapped as {"type":"event","data":<SDK message>}.
                if (initialEvents[i].ValueKind != JsonValueKind.Object || !initialEvents[i].TryGetProperty("data", out var data))
                {
                    return (null, 400, $"events[{i}] must be {{\"type\":\"event\",\"data\":{{…}}}}.");
                }

                unwrapped.Add(data);
            }

            var validation = validator.Validate(unwrapped, EventSource.Client);
            if (validation.Error is not null)
            {
                return (null, validation.Status, validation.Error);
            }

            events = validation.Events!;
        }

        foreach (var observer in observers)
        {
            if (await observer.ValidateNewAsync(request, cancellationToken) is { } refusal)
            {
                return (null, 400, refusal);
            }
        }

        var session = await store.CreateAsync(request, cancellationToken);
        if (events.Count > 0)
        {
            await log.AppendAsync(new AppendRequest(session.Id, session.OrgId, EventSource.Client, events, request.CreatedBy ?? "api"), cancellationToken);
            session = await store.GetAsync(session.OrgId, session.Id, cancellationToken) ?? session;
        }

        foreach (var observer in observers)
        {
            await observer.OnCreatedAsync(session, cancellationToken);
        }

        return (session, 200, null);
    }

    public async Task<ArchiveOutcome> ArchiveAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        var outcome = await store.ArchiveAsync(orgId, id, cancellationToken);
        if (outcome == ArchiveOutcome.Archived && await store.GetAsync(orgId, id, cancellationToken) is { } archived)
        {
            foreach (var observer in observers)
            {
                await observer.OnArchivedAsync(archived, cancellationToken);
            }
        }

        return outcome;
    }

    public static string? ValidateTitle(string? title) => title switch
    {
        null => null,
        { Length: > 256 } => "title must be at most 256 characters.",
        _ when title.Any(char.IsControl) => "title must not contain control characters.",
        _ => null,
    };

    public static bool IsArchived(SessionRecord session) => session.Status == SessionStatuses.Archived;
}
