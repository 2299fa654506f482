using Tether.Protocol.Environments;
using Tether.Protocol.Ids;

namespace Tether.Bridge;

internal sealed partial class BridgeLoop
{
    private async Task<(string? Secret, BridgeExit? Exit)> RegisterAsync(CancellationToken stopping)
    {
        var request = new RegisterEnvironmentRequest
        {
            MachineName = options.MachineName,
            Directory = options.Directory,
            Branch = options.Branch,
            GitRepoUrl = options.GitRepoUrl,
            MaxSessions = options.MaxSessions,
            Metadata = new EnvironmentMetadata { WorkerType = WorkerTypes.ClaudeCode },
            EnvironmentId = options.ResumeEnvironmentId,
        };
        while (true)
        {
            if (stopping.IsCancellationRequested)
            {
                return (null, BridgeExit.Stopped);
            }

            var result = await client.RegisterAsync(request, stopping);
            if (result.Ok)
            {
                _backoff.Reset();
                EnvironmentId = result.Value!.EnvironmentId;
                if (!PathSafeId.IsValid(EnvironmentId))
                {
                    return (null, new BridgeExit(BridgeExitKind.Fatal, $"The server returned an invalid environment id '{EnvironmentId}'."));
                }

                Log.Registered(_logger, EnvironmentId, options.Directory, options.MaxSessions);
                observer.Registered(EnvironmentId);
                SetState(BridgeState.Ready, null);
                return (result.Value!.EnvironmentSecret, null);
            }

            var error = result.Error;
            if (error.IsFatal)
            {
                var message = error.StatusCode == 404 ? "Remote Control environments are not available on this server (404 on register)." : error.Message;
                SetState(BridgeState.Failed, message);
                return (null, new BridgeExit(BridgeExitKind.Fatal, message));
            }

            if (await OnPollErrorAsync(error, stopping) is { } exit)
            {
                return (null, exit);
            }
        }
    }

    // --continue: the environment is reused when the server still has it; then the session is re-queued as new work.
    private async Task ResumeAsync(string sessionId, CancellationToken stopping)
    {
        if (options.ResumeEnvironmentId is { } previous && previous != EnvironmentId)
        {
            observer.Notice($"The previous environment {previous} expired; session {sessionId} was not resumed.");
            return;
        }

        foreach (var candidate in new[] { sessionId, SessionIds.TryGetBody(sessionId, out var body) ? SessionIds.ToInfra(body) : sessionId }.Distinct())
        {
            var result = await client.ReconnectSessionAsync(EnvironmentId!, candidate, stopping);
            if (result.Ok)
            {
                observer.Notice($"Resuming session {sessionId}.");
                return;
            }

            Log.ResumeFailed(_logger, candidate, result.Error.Message);
        }

        observer.Notice($"Session {sessionId} could not be resumed; waiting for new sessions.");
    }
}
