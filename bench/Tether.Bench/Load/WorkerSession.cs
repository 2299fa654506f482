namespace Tether.Bench.Load;

/// <summary>A dispatched, acked session as its worker sees it: the id the work named and its ingress token.</summary>
public sealed record WorkerSession(string SessionId, string IngressToken);
