using Tether.Bridge.Worktrees;
using Tether.Cli.Commands.Sessions;
using Tether.Cli.Connection;
using Tether.Cli.Terminal;
using Tether.Client.Sessions;
using Tether.Protocol.Sessions;

namespace Tether.Cli.Teleport;

/// <summary>
/// Pulls a session into this checkout: checks the repository and a clean tree first (nothing changes if either is
/// wrong), reads the whole transcript, checks out the session's branch, then writes the transcript where Claude Code
/// resumes sessions from. Returns the new local session id, or the error.
/// </summary>
internal sealed class Teleporter(CliHost host, SessionsClient sessions, ServerLogin login, GitRunner git)
{
    private const int MaxPages = 100;

    public async Task<(string? LocalSessionId, TeleportError? Error)> RunAsync(string sessionId, CancellationToken cancellationToken)
    {
        var found = await sessions.GetAsync(sessionId, cancellationToken);
        if (!found.Ok)
        {
            return (null, new TeleportError(ApiFailure.Describe(found.Error, login), ApiFailure.ExitCode(found.Error)));
        }

        var session = found.Value;
        var checkout = new GitCheckout(git, host.CurrentDirectory);
        if (await checkout.CheckRepositoryAsync(SessionFormatting.RepositoryUrl(session), sessionId, cancellationToken) is { } wrongRepository)
        {
            return (null, wrongRepository);
        }

        if (await checkout.CheckCleanAsync(cancellationToken) is { } dirty)
        {
            return (null, dirty);
        }

        var (events, readError) = await ReadTranscriptAsync(session.Id, cancellationToken);
        if (readError is not null)
        {
            return (null, readError);
        }

        var branch = SessionFormatting.OutcomeBranch(session);
        if (branch is not null && await checkout.FetchAndCheckoutAsync(branch, cancellationToken) is { } branchError)
        {
            return (null, branchError);
        }

        var localId = Guid.NewGuid().ToString();
        var directory = ClaudeProjects.ProjectDirectory(host.Environment, host.CurrentDirectory);
        Directory.CreateDirectory(directory);
        var text = TranscriptWriter.Build(events, localId, host.CurrentDirectory, branch, host.Time.GetUtcNow());
        await File.WriteAllTextAsync(Path.Combine(directory, localId + ".jsonl"), text, cancellationToken);
        await host.Out.WriteLineAsync(branch is null ? "Session resumed without branch: the session names none." : $"Checked out {branch}.");
        await host.Out.WriteLineAsync($"Wrote the transcript ({events.Count} events) to {Path.Combine(directory, localId + ".jsonl")}.");
        return (localId, null);
    }

    private async Task<(List<TeleportEvent> Events, TeleportError? Error)> ReadTranscriptAsync(string sessionId, CancellationToken cancellationToken)
    {
        var events = new List<TeleportEvent>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await sessions.TeleportEventsAsync(sessionId, cursor, cancellationToken);
            if (!result.Ok)
            {
                return (events, new TeleportError($"Cannot read the transcript: {ApiFailure.Describe(result.Error, login)}", ApiFailure.ExitCode(result.Error)));
            }

            events.AddRange(result.Value.Data);
            cursor = result.Value.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }

        return (events, null);
    }
}
