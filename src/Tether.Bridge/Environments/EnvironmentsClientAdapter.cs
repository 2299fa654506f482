using Tether.Bridge.Polling;
using Tether.Client.Environments;
using Tether.Client.Http;
using Tether.Protocol.Environments;

namespace Tether.Bridge.Environments;

/// <summary>The real <see cref="IEnvironmentsClient"/>: the public client, with every error classified by <see cref="PollErrorClassifier"/>.</summary>
internal sealed class EnvironmentsClientAdapter(EnvironmentsClient client) : IEnvironmentsClient
{
    public async Task<EnvResult<RegisterEnvironmentResponse>> RegisterAsync(RegisterEnvironmentRequest request, CancellationToken cancellationToken) =>
        Map(await client.RegisterAsync(request, cancellationToken), "Registration");

    public async Task<EnvResult<WorkResponse?>> PollAsync(string environmentId, string environmentSecret, int reclaimOlderThanMs, CancellationToken cancellationToken)
    {
        var result = await client.PollAsync(environmentId, environmentSecret, reclaimOlderThanMs, cancellationToken);
        return result.Ok ? EnvResult<WorkResponse?>.Success(result.Value.Work) : EnvResult<WorkResponse?>.Failure(PollErrorClassifier.Classify(result.Error, "Poll"));
    }

    public async Task<EnvResult<bool>> AckAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken) =>
        Map(await client.AckAsync(environmentId, workId, ingressToken, cancellationToken), "Ack");

    public async Task<EnvResult<HeartbeatResponse>> HeartbeatAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken) =>
        Map(await client.HeartbeatAsync(environmentId, workId, ingressToken, cancellationToken), "Heartbeat");

    public async Task<EnvResult<bool>> StopWorkAsync(string environmentId, string workId, bool force, CancellationToken cancellationToken) =>
        Map(await client.StopWorkAsync(environmentId, workId, force, cancellationToken), "Stop work");

    public async Task<EnvResult<bool>> DeregisterAsync(string environmentId, CancellationToken cancellationToken) =>
        Map(await client.DeregisterAsync(environmentId, cancellationToken), "Deregister");

    public async Task<EnvResult<bool>> ReconnectSessionAsync(string environmentId, string sessionId, CancellationToken cancellationToken) =>
        Map(await client.ReconnectSessionAsync(environmentId, sessionId, cancellationToken), "Reconnect session");

    public async Task<EnvResult<bool>> ArchiveSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        Map(await client.ArchiveSessionAsync(sessionId, cancellationToken), "Archive session");

    public async Task<EnvResult<long>> LastWorkerSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        Map(await client.LastWorkerSequenceAsync(sessionId, cancellationToken), "Read the session's transcript");

    private static EnvResult<T> Map<T>(ApiResult<T> result, string context) =>
        result.Ok ? EnvResult<T>.Success(result.Value) : EnvResult<T>.Failure(PollErrorClassifier.Classify(result.Error, context));
}
