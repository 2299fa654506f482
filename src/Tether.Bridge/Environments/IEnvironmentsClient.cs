using Tether.Protocol.Environments;

namespace Tether.Bridge.Environments;

/// <summary>
/// The bridge's seam onto the Environments API (reference §3.1). Failures come back classified (fatal, rate limited,
/// transient with a backoff track), so the poll loop decides without looking at HTTP. Tests use a hand-written fake.
/// </summary>
internal interface IEnvironmentsClient
{
    Task<EnvResult<RegisterEnvironmentResponse>> RegisterAsync(RegisterEnvironmentRequest request, CancellationToken cancellationToken);

    /// <summary>One long poll; a null value means no work.</summary>
    Task<EnvResult<WorkResponse?>> PollAsync(string environmentId, string environmentSecret, int reclaimOlderThanMs, CancellationToken cancellationToken);

    Task<EnvResult<bool>> AckAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken);

    Task<EnvResult<HeartbeatResponse>> HeartbeatAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken);

    Task<EnvResult<bool>> StopWorkAsync(string environmentId, string workId, bool force, CancellationToken cancellationToken);

    Task<EnvResult<bool>> DeregisterAsync(string environmentId, CancellationToken cancellationToken);

    Task<EnvResult<bool>> ReconnectSessionAsync(string environmentId, string sessionId, CancellationToken cancellationToken);

    Task<EnvResult<bool>> ArchiveSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The sequence number of the last event the agent side wrote in the session (0 when none).</summary>
    Task<EnvResult<long>> LastWorkerSequenceAsync(string sessionId, CancellationToken cancellationToken);
}
