namespace Tether.Server.Sessions;

/// <summary>
/// A feature that takes part in a session's life: environments queue work for a new session, and stop it on archive.
/// Validation runs before the session exists; a returned message refuses the creation with 400 and nothing is stored.
/// </summary>
internal interface ISessionObserver
{
    Task<string?> ValidateNewAsync(NewSession session, CancellationToken cancellationToken);

    Task OnCreatedAsync(SessionRecord session, CancellationToken cancellationToken);

    Task OnArchivedAsync(SessionRecord session, CancellationToken cancellationToken);
}
