using System.Collections.Concurrent;
using Tether.Bridge.Environments;
using Tether.Bridge.Polling;
using Tether.Protocol.Environments;

namespace Tether.Bridge.Tests.Loop;

/// <summary>A scripted Environments API: polls answer from a queue (no work once it is empty); every call is recorded.</summary>
internal sealed class FakeEnvironmentsClient : IEnvironmentsClient
{
    public ConcurrentQueue<EnvResult<WorkResponse?>> PollAnswers { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public int Polls => Calls.Count(c => c.StartsWith("poll", StringComparison.Ordinal));

    public IEnumerable<string> CallsOf(string verb) => Calls.Where(c => c.StartsWith(verb + " ", StringComparison.Ordinal));

    public EnvResult<HeartbeatResponse>? HeartbeatAnswer { get; set; }

    public Task<EnvResult<RegisterEnvironmentResponse>> RegisterAsync(RegisterEnvironmentRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"register {request.MaxSessions} {request.EnvironmentId}");
        return Task.FromResult(EnvResult<RegisterEnvironmentResponse>.Success(new RegisterEnvironmentResponse { EnvironmentId = "env_1", EnvironmentSecret = "secret" }));
    }

    public Task<EnvResult<WorkResponse?>> PollAsync(string environmentId, string environmentSecret, int reclaimOlderThanMs, CancellationToken cancellationToken)
    {
        Calls.Enqueue("poll");
        return Task.FromResult(PollAnswers.TryDequeue(out var answer) ? answer : EnvResult<WorkResponse?>.Success(null));
    }

    public Task<EnvResult<bool>> AckAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken) =>
        Record($"ack {workId} {ingressToken}");

    public Task<EnvResult<HeartbeatResponse>> HeartbeatAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"heartbeat {workId} {ingressToken}");
        return Task.FromResult(HeartbeatAnswer ?? EnvResult<HeartbeatResponse>.Success(new HeartbeatResponse { LeaseExtended = true, State = "acked", TtlSeconds = 300 }));
    }

    public Task<EnvResult<bool>> StopWorkAsync(string environmentId, string workId, bool force, CancellationToken cancellationToken) =>
        Record($"stop {workId} {force}");

    public Task<EnvResult<bool>> DeregisterAsync(string environmentId, CancellationToken cancellationToken) => Record($"deregister {environmentId}");

    /// <summary>What <c>bridge/reconnect</c> answers; success when null.</summary>
    public EnvResult<bool>? ReconnectAnswer { get; set; }

    /// <summary>When set, each <c>bridge/reconnect</c> is also recorded in <see cref="ReconnectTimes"/> by this clock.</summary>
    public TimeProvider? Clock { get; set; }

    public ConcurrentQueue<DateTimeOffset> ReconnectTimes { get; } = new();

    public Task<EnvResult<bool>> ReconnectSessionAsync(string environmentId, string sessionId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"reconnect {sessionId}");
        if (Clock is not null)
        {
            ReconnectTimes.Enqueue(Clock.GetUtcNow());
        }

        return Task.FromResult(ReconnectAnswer ?? EnvResult<bool>.Success(true));
    }

    public Task<EnvResult<bool>> ArchiveSessionAsync(string sessionId, CancellationToken cancellationToken) => Record($"archive {sessionId}");

    public static EnvResult<WorkResponse?> Work(string workId, string type, string id, string secret) => EnvResult<WorkResponse?>.Success(new WorkResponse
    {
        Id = workId,
        EnvironmentId = "env_1",
        State = "claimed",
        Data = new WorkData { Type = type, Id = id },
        Secret = secret,
        CreatedAt = DateTimeOffset.UnixEpoch,
    });

    public static string Secret(string token, DateTimeOffset? expiresAt = null) =>
        WorkSecretCodec.Encode(new WorkSecret { SessionIngressToken = token, ApiBaseUrl = "http://127.0.0.1", SessionIngressTokenExpiresAt = expiresAt });

    public static EnvResult<WorkResponse?> Error(int status, string body = "") =>
        EnvResult<WorkResponse?>.Failure(PollErrorClassifier.ClassifyStatus(status, body, "Poll")!);

    private Task<EnvResult<bool>> Record(string call)
    {
        Calls.Enqueue(call);
        return Task.FromResult(EnvResult<bool>.Success(true));
    }

    public Task<EnvResult<long>> LastWorkerSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(EnvResult<long>.Success(0));
}
