namespace Tether.Bench.Load;

/// <summary>
/// A session as its worker sees it. v1: the id the work named and its session ingress token. v2 (code sessions): the
/// <c>cse_</c> id, the worker JWT from <c>/bridge</c> and the epoch it fenced; viewers use <see cref="ViewerId"/>.
/// </summary>
internal sealed record WorkerSession(string SessionId, string IngressToken, long? Epoch = null, string? CompatId = null)
{
    public bool IsV2 => Epoch is not null;

    public string ViewerId => CompatId ?? SessionId;

    public string EventsPath => IsV2 ? $"/v1/code/sessions/{SessionId}/worker/events" : $"/v1/session_ingress/session/{SessionId}/events";
}
