using Tether.Server.Sessions;

namespace Tether.Server.Environments;

/// <summary>
/// Ties sessions to environments: a session created on an environment must name an active one of the caller's org and
/// queues its work there; archiving a session stops its work.
/// </summary>
internal sealed class EnvironmentSessionObserver(EnvironmentStore environments, WorkStore work, IWorkSignal signal) : ISessionObserver
{
    public async Task<string?> ValidateNewAsync(NewSession session, CancellationToken cancellationToken)
    {
        if (session.EnvironmentId is not { } id)
        {
            return null;
        }

        return await environments.GetAsync(session.OrgId, id, cancellationToken) switch
        {
            null => $"environment_id '{id}' is not an environment of this organization.",
            { State: not EnvironmentStates.Active } => $"Environment '{id}' is no longer registered; restart its bridge and use the new id.",
            _ => null,
        };
    }

    public async Task OnCreatedAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        if (session.EnvironmentId is { } id)
        {
            await work.EnqueueSessionAsync(session.OrgId, id, session.Id, cancellationToken);
            await signal.NotifyAsync(id, cancellationToken);
        }
    }

    public async Task OnArchivedAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        await work.StopSessionAsync(session.Id, cancellationToken);
        if (session.EnvironmentId is { } id)
        {
            // A freed slot may let a parked poll hand out the next session.
            await signal.NotifyAsync(id, cancellationToken);
        }
    }
}
