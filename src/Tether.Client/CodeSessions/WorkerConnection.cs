namespace Tether.Client.CodeSessions;

/// <summary>One worker registration: its credentials, the API client that uses them, and when they were issued.</summary>
internal sealed class WorkerConnection(WorkerCredentials credentials, WorkerApi api, DateTimeOffset issuedAt) : IDisposable
{
    private readonly CancellationTokenSource _retired = new();

    public WorkerCredentials Credentials { get; } = credentials;

    public WorkerApi Api { get; } = api;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    /// <summary>Cancelled when a newer registration replaces this one, so its stream reconnects with the new token.</summary>
    public CancellationToken Retired => _retired.Token;

    public static WorkerConnection Open(string sessionId, WorkerCredentials credentials, TimeProvider time) =>
        new(credentials, new WorkerApi(credentials.ApiBaseUrl, sessionId, credentials.WorkerJwt), time.GetUtcNow());

    public void Retire() => _retired.Cancel();

    public void Dispose()
    {
        _retired.Dispose();
        Api.Dispose();
    }
}
